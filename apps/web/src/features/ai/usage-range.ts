/**
 * The usage page's date range, in UTC days as the ledger keeps them. People pick inclusive days; the API
 * takes `to` exclusive, so the query adds one day.
 */

export interface DayRange {
  /** yyyy-mm-dd, inclusive. */
  from: string;
  /** yyyy-mm-dd, inclusive. */
  to: string;
}

const dayMs = 86_400_000;
export const maxRangeDays = 366;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function thisMonth(nowMs: number): DayRange {
  const now = new Date(nowMs);
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const last = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - dayMs;
  return { from: dayOf(first), to: dayOf(last) };
}

/** Why the range cannot be shown, or null when it can. */
export function rangeProblem(range: DayRange): string | null {
  const from = msOf(range.from);
  const to = msOf(range.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'Pick both dates.';
  if (to < from) return 'The end date must not be before the start date.';
  if ((to - from) / dayMs + 1 > maxRangeDays) return `Pick at most ${maxRangeDays} days.`;
  return null;
}

/** The API's half-open interval. */
export function rangeQuery(range: DayRange): { from: string; to: string } {
  return { from: range.from, to: dayOf(msOf(range.to) + dayMs) };
}

/** Every day of the range, so days without calls show as empty bars. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let ms = msOf(range.from); ms <= msOf(range.to) && days.length < maxRangeDays; ms += dayMs) {
    days.push(dayOf(ms));
  }
  return days;
}
