/**
 * Launches Debian's Chromium through playwright-core. Playwright's own browser download cannot work
 * offline, so the tests drive the system package at /usr/bin/chromium instead.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or null when they can. In CI a missing browser is a broken
 * machine, not a reason to skip, so it throws instead.
 */
export function browserSkipReason({ isCi }: { isCi: boolean }): string | null {
  if (existsSync(chromiumPath)) return null;
  const reason = `${chromiumPath} is missing; install Debian's chromium package (apt-get install -y chromium)`;
  if (isCi) throw new Error(`CI=true and ${reason}`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // No sandbox: CI runs as root, where Chromium refuses to start sandboxed. The remaining flags keep
    // the browser from reaching the network on its own (updates, sync, field trials).
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
