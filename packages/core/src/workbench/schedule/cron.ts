/**
 * Cron expressions of the schedule trigger, parsed by `cron-parser` (5.x, time zones through luxon),
 * which is loaded on demand: these functions are synchronous, so `await loadCronParser()` first
 * (graph-libraries.ts; validateGraph and the scheduler's tick do).
 *
 * Accepted: five fields `minute hour day-of-month month day-of-week` (names like `mon`, `jan` allowed)
 * or one of the aliases below. A sixth (seconds) field is refused: one run a minute is the finest grain
 * a schedule may ask for. Times are wall-clock times in `timezone` (IANA name, default UTC). Across a
 * daylight-saving jump forward, a time that does not exist that day runs at the first minute after the
 * jump; a time that happens twice when clocks go back runs once.
 */
import { loadedCronParser } from '../graph-libraries.ts';

export const cronAliases = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@hourly',
  '@weekdays',
  '@weekends',
];

/** Longest cron text accepted on save. */
export const maxCronLength = 200;

/** The reason a time zone name is unusable, or undefined when it is valid. */
export function timezoneProblem(timezone: string): string | undefined {
  if (timezone === '') return 'Enter a time zone such as UTC or Europe/Berlin';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return undefined;
  } catch {
    return `${timezone} is not a known time zone (use an IANA name such as Europe/Berlin)`;
  }
}

/** The reason a cron expression is unusable, or undefined when it is valid. */
export function cronProblem(cron: string, timezone = 'UTC'): string | undefined {
  const text = cron.trim();
  if (text === '') return 'Enter a cron expression such as "0 9 * * 1-5"';
  if (text.length > maxCronLength) return `The cron expression is longer than ${maxCronLength} characters`;
  if (text.startsWith('@')) {
    if (!cronAliases.includes(text.toLowerCase())) return `${text} is not one of ${cronAliases.join(', ')}`;
  } else {
    const fields = text.split(/\s+/).length;
    if (fields !== 5) {
      return `A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has ${fields}`;
    }
  }
  const zone = timezoneProblem(timezone);
  if (zone) return zone;
  try {
    const expression = loadedCronParser().parse(text, { tz: timezone, currentDate: new Date(0) });
    expression.next();
    return undefined;
  } catch (error) {
    return `Invalid cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function parse(cron: string, timezone: string, from: Date) {
  const problem = cronProblem(cron, timezone);
  if (problem) throw new RangeError(problem);
  return loadedCronParser().parse(cron.trim(), { tz: timezone, currentDate: from });
}

/** Most slot times one `nextRunsAfter` call lists (a preview, not a calendar export). */
export const maxNextRuns = 100;

/** The next `count` (at most 100) slot times strictly after `from`. */
export function nextRunsAfter(cron: string, timezone: string, from: Date, count: number): Date[] {
  const expression = parse(cron, timezone, from);
  const runs: Date[] = [];
  const wanted = Math.min(Math.max(0, Math.floor(count)), maxNextRuns);
  for (let i = 0; i < wanted && expression.hasNext(); i++) runs.push(expression.next().toDate());
  return runs;
}

/** The latest slot time at or before `at`, or undefined when the expression never fired before it. */
export function latestRunAtOrBefore(cron: string, timezone: string, at: Date): Date | undefined {
  // cron-parser's prev() is strictly before its current date; one millisecond later includes `at`.
  const expression = parse(cron, timezone, new Date(at.getTime() + 1));
  return expression.hasPrev() ? expression.prev().toDate() : undefined;
}
