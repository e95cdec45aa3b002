/**
 * The platform and the bare baseline as one pair that can be replaced by fresh processes.
 *
 * Why: a ratio measured on one pair of processes carries that pair's luck. Within one pair the rounds
 * agree closely, but between pairs started minutes apart the same code moved by 10–15 % (2026-11-27:
 * `/api/platform` 36.9–38.7k req/s against the baseline's 49.5–50.6k in one run, 39.1k against 46.1k
 * in the next): JIT decisions and memory layout are fixed when a process starts. Repeating rounds on
 * the same pair does not average that out; starting a fresh pair for each round does.
 */
import type { ServerProcess } from './processes.ts';

export interface ServerPair {
  readonly platform: ServerProcess;
  readonly baseline: ServerProcess;
  /** How many pairs have served so far (1 before the first restart). */
  readonly generation: number;
  /** Stops both servers, then starts a fresh platform and a fresh baseline on the same data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServerStarters {
  platform(): Promise<ServerProcess>;
  baseline(): Promise<ServerProcess>;
}

export function createServerPair(
  starters: ServerStarters,
  first: { platform: ServerProcess; baseline: ServerProcess },
): ServerPair {
  let current: { platform: ServerProcess; baseline: ServerProcess } | null = first;
  let generation = 1;
  const running = () => {
    if (!current) throw new Error('the server pair is stopped');
    return current;
  };
  const stop = async () => {
    if (!current) return;
    const { platform, baseline } = current;
    current = null;
    await Promise.all([platform.stop(), baseline.stop()]);
  };
  return {
    get platform() {
      return running().platform;
    },
    get baseline() {
      return running().baseline;
    },
    get generation() {
      return generation;
    },
    async restart() {
      await stop();
      // One after the other, as at the start of the run: both start on the same pinned core.
      const platform = await starters.platform();
      try {
        current = { platform, baseline: await starters.baseline() };
      } catch (error) {
        await platform.stop();
        throw error;
      }
      generation++;
    },
    stop,
  };
}
