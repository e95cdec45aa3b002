/**
 * Claiming a due slot: a conditional put of the marker item (keys.ts). Use `claimScheduleSlot` on its
 * own, or put `scheduleSlotClaimOperation` in the same transaction that creates the run, so a crash
 * between the two can neither lose the slot nor start it twice.
 */
import type { ItemStore, NewItem, TransactOperation } from '../../ports/item-store.ts';
import { ConditionFailedError } from '../../shared/errors.ts';
import type { DueSlot } from './due-schedules.ts';
import { scheduleSlotItemKey } from './keys.ts';

/** How long a claim marker is kept (TTL). */
export const slotRetentionSeconds = 7 * 24 * 3600;

export interface ScheduleSlotClaim extends Record<string, unknown> {
  agentId: string;
  slotTime: string;
  claimedAt: string;
  /** The run started for the slot, when the caller knows it at claim time. */
  runId?: string;
}

export function scheduleSlotClaimItem(slot: DueSlot, claimedAt: Date, runId?: string): NewItem<ScheduleSlotClaim> {
  return {
    ...scheduleSlotItemKey(slot.orgId, slot.agentId, slot.slotTime, slot.triggerNodeId),
    data: {
      agentId: slot.agentId,
      slotTime: slot.slotTime.toISOString(),
      claimedAt: claimedAt.toISOString(),
      ...(runId ? { runId } : {}),
    },
    // Counted from the later of slot and claim, so a marker never expires before the slot stops being due.
    expiresAt: Math.floor(Math.max(slot.slotTime.getTime(), claimedAt.getTime()) / 1000) + slotRetentionSeconds,
  };
}

export function scheduleSlotClaimOperation(slot: DueSlot, claimedAt: Date, runId?: string): TransactOperation {
  return { kind: 'put', item: scheduleSlotClaimItem(slot, claimedAt, runId), condition: [{ kind: 'notExists' }] };
}

/** True when this caller won the slot; false when another scheduler already claimed it. */
export async function claimScheduleSlot(
  store: ItemStore,
  slot: DueSlot,
  claimedAt: Date,
  runId?: string,
): Promise<boolean> {
  try {
    await store.put(scheduleSlotClaimItem(slot, claimedAt, runId), { condition: [{ kind: 'notExists' }] });
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}
