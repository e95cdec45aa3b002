/** Time as a port, so tests and the engine can control it. All instants are epoch milliseconds. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
