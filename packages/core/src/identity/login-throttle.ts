/**
 * Brute-force protection for password sign-in, per account (normalised e-mail, known or not) and per
 * client IP. Failures are counted in items with atomic adds; a counter resets when no failure arrives
 * for `windowMs` (measured from the last failure, or from the end of a lock). Once a counter reaches
 * its threshold, every further failure locks the key for `baseLockMs · 2^(failures − threshold)`,
 * capped at `maxLockMs`. Attempts during a lock are refused before the password is checked.
 */
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { type ThrottleScope, throttleKey } from './keys.ts';

export interface LoginThrottleSettings {
  accountMaxFailures: number;
  ipMaxFailures: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

export const defaultLoginThrottleSettings: LoginThrottleSettings = {
  accountMaxFailures: 5,
  // Higher than per account: many people can share one address (offices, mobile carriers).
  ipMaxFailures: 20,
  windowMs: 15 * 60 * 1000,
  baseLockMs: 60 * 1000,
  maxLockMs: 60 * 60 * 1000,
};

interface CounterData {
  [key: string]: unknown;
  failures: number;
  /** The counter is void after this instant (epoch ms); TTL removes the item later. */
  windowEndsAtMs: number;
  lockedUntilMs?: number;
}

export interface LoginAttemptSource {
  emailNormalised: string;
  /** Client IP as the API determined it; without one only the account is throttled. */
  ip?: string;
}

function keysOf(
  source: LoginAttemptSource,
): { scope: ThrottleScope; value: string; max: (s: LoginThrottleSettings) => number }[] {
  const keys: { scope: ThrottleScope; value: string; max: (s: LoginThrottleSettings) => number }[] = [
    { scope: 'account', value: source.emailNormalised, max: (s) => s.accountMaxFailures },
  ];
  const ip = source.ip?.trim().toLowerCase().slice(0, 64);
  if (ip) keys.push({ scope: 'ip', value: ip, max: (s) => s.ipMaxFailures });
  return keys;
}

/** Throws rate_limited (with retryAfterMs) while the account or the IP is locked. */
export async function assertLoginAllowed(deps: IdentityDeps, source: LoginAttemptSource): Promise<void> {
  const nowMs = deps.clock.nowMs();
  const items = await deps.store.getMany<CounterData>(keysOf(source).map((key) => throttleKey(key.scope, key.value)));
  let retryAfterMs = 0;
  for (const item of items) {
    const { lockedUntilMs, windowEndsAtMs } = item.data;
    if (lockedUntilMs !== undefined && lockedUntilMs > nowMs && windowEndsAtMs > nowMs) {
      retryAfterMs = Math.max(retryAfterMs, lockedUntilMs - nowMs);
    }
  }
  if (retryAfterMs > 0) {
    throw AppError.rateLimited(retryAfterMs, 'Too many failed sign-in attempts; try again later');
  }
}

/** Adds one failure to a live counter, or starts a new window when the old one is gone or void. */
async function addFailure(deps: IdentityDeps, key: { pk: string; sk: string }): Promise<{ failures: number }> {
  const { windowMs } = deps.settings.loginThrottle;
  for (let attempt = 0; attempt < 5; attempt++) {
    const nowMs = deps.clock.nowMs();
    try {
      const item = await deps.store.update<CounterData>(key, {
        add: { failures: 1 },
        set: { windowEndsAtMs: nowMs + windowMs },
        expiresAt: Math.ceil((nowMs + windowMs) / 1000),
        condition: [{ kind: 'compare', field: 'windowEndsAtMs', op: '>', value: nowMs }],
      });
      return { failures: item.data.failures };
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    // No live window: start one, unless a concurrent failure just did (then add to theirs).
    const current = await deps.store.get<CounterData>(key);
    try {
      await deps.store.put<CounterData>(
        {
          ...key,
          data: { failures: 1, windowEndsAtMs: nowMs + windowMs },
          expiresAt: Math.ceil((nowMs + windowMs) / 1000),
        },
        { condition: current ? [{ kind: 'versionEquals', version: current.version }] : [{ kind: 'notExists' }] },
      );
      return { failures: 1 };
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  throw new AppError('unavailable', 'Sign-in is busy; try again');
}

export function lockDurationMs(settings: LoginThrottleSettings, failures: number, threshold: number): number {
  if (failures < threshold) return 0;
  const exponent = Math.min(failures - threshold, 30);
  return Math.min(settings.baseLockMs * 2 ** exponent, settings.maxLockMs);
}

export async function recordLoginFailure(deps: IdentityDeps, source: LoginAttemptSource): Promise<void> {
  const settings = deps.settings.loginThrottle;
  for (const key of keysOf(source)) {
    const itemKey = throttleKey(key.scope, key.value);
    const { failures } = await addFailure(deps, itemKey);
    const lockMs = lockDurationMs(settings, failures, key.max(settings));
    if (lockMs === 0) continue;
    const lockedUntilMs = deps.clock.nowMs() + lockMs;
    try {
      await deps.store.update<CounterData>(itemKey, {
        set: { lockedUntilMs, windowEndsAtMs: lockedUntilMs + settings.windowMs },
        expiresAt: Math.ceil((lockedUntilMs + settings.windowMs) / 1000),
        // A failure counted after ours sets its own, longer lock.
        condition: [{ kind: 'compare', field: 'failures', op: '=', value: failures }],
      });
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
}

/** A successful sign-in clears the account's counter; the IP's stays, so one valid account cannot reset it. */
export async function clearAccountFailures(deps: IdentityDeps, emailNormalised: string): Promise<void> {
  await deps.store.delete(throttleKey('account', emailNormalised));
}
