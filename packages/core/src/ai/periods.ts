/** UTC periods the counters are kept in. Labels sort as strings and name the period in keys. */

export interface Period {
  label: string;
  startMs: number;
  endMs: number;
}

export function monthPeriod(nowMs: number): Period {
  const d = new Date(nowMs);
  const startMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const endMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return { label: new Date(startMs).toISOString().slice(0, 7), startMs, endMs };
}

export function dayPeriod(nowMs: number): Period {
  const startMs = Math.floor(nowMs / 86_400_000) * 86_400_000;
  return { label: new Date(startMs).toISOString().slice(0, 10), startMs, endMs: startMs + 86_400_000 };
}

export function minutePeriod(nowMs: number): Period {
  const startMs = Math.floor(nowMs / 60_000) * 60_000;
  return { label: new Date(startMs).toISOString().slice(0, 16), startMs, endMs: startMs + 60_000 };
}
