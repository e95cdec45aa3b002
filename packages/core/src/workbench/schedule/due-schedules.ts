/**
 * Which schedules are due now. Pure: the scheduler reads the stored schedules, calls this on every
 * tick (e.g. every 15–30 s), then claims each due slot (claim-slot.ts) before starting its run.
 *
 * A schedule is due when its latest slot time `s` (the latest cron time ≤ now) is
 *   - not before `activeSince` (a schedule never fires for slots before it was published), and
 *   - at most `maxLatenessMs` old (default 5 minutes).
 * Every tick inside that window returns the same slot and the slot key dedupes it, so ticks may be
 * late, repeated or run by several schedulers at once. Slots missed while no scheduler ran for longer
 * than the window are skipped, not caught up (n8n behaves the same): at most one run per slot, and no
 * burst of stale runs after an outage.
 */
import { cronProblem, latestRunAtOrBefore } from './cron.ts';
import { scheduleSlotKey } from './keys.ts';

export interface ScheduleEntry {
  orgId: string;
  agentId: string;
  cron: string;
  /** IANA time zone; default UTC. */
  timezone?: string;
  /** Epoch milliseconds since when the schedule exists (publish time). */
  activeSince: number;
}

export interface DueSlot {
  orgId: string;
  agentId: string;
  slotTime: Date;
  /** `agentId#slotTime` (ISO UTC)[`#triggerNodeId`], the sort key of the claim marker. */
  slotKey: string;
  /** The schedule trigger that fired, when the entry names it (the run starts from it alone). */
  triggerNodeId?: string;
}

export const defaultMaxLatenessMs = 5 * 60_000;

export function dueSchedules(
  schedules: readonly ScheduleEntry[],
  now: Date,
  options: { maxLatenessMs?: number } = {},
): DueSlot[] {
  const maxLatenessMs = options.maxLatenessMs ?? defaultMaxLatenessMs;
  const due: DueSlot[] = [];
  for (const schedule of schedules) {
    const timezone = schedule.timezone ?? 'UTC';
    // An unusable stored schedule (saved before a rule tightened) is skipped, not fatal to the others.
    if (cronProblem(schedule.cron, timezone)) continue;
    const slotTime = latestRunAtOrBefore(schedule.cron, timezone, now);
    if (!slotTime) continue;
    if (slotTime.getTime() < schedule.activeSince) continue;
    if (now.getTime() - slotTime.getTime() > maxLatenessMs) continue;
    due.push({
      orgId: schedule.orgId,
      agentId: schedule.agentId,
      slotTime,
      slotKey: scheduleSlotKey(schedule.agentId, slotTime),
    });
  }
  return due;
}
