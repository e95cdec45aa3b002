/**
 * The author's appeal: once per item, after a remove or warn decision. It puts the item back in the
 * pending queue with the author's message; the moderator who decided it cannot decide it again.
 */
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { queueIndex, queueItemKey } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import { appealable, getItem, loadItem, type QueueItemView } from './queue.ts';

const maxMessageChars = 2000;

export async function appeal(
  deps: ModerationDeps,
  actor: Actor,
  itemId: string,
  input: { message: string },
): Promise<QueueItemView> {
  const message = typeof input?.message === 'string' ? input.message.trim() : '';
  if (message.length === 0 || [...message].length > maxMessageChars) {
    throw AppError.invalidInput(`message must be 1 to ${maxMessageChars} characters`, { field: 'message' });
  }
  const item = await loadItem(deps, actor.orgId, itemId);
  const record = item.data;
  if (record.authorId !== actor.userId) {
    throw AppError.forbidden('moderation:appeal', 'Only the author can appeal a decision');
  }
  if (record.appeal !== null) throw AppError.conflict('You have already appealed this decision');
  if (!appealable(record)) throw AppError.conflict('There is no decision to appeal');
  const nowIso = isoAt(deps.clock.nowMs());
  try {
    await deps.store.update(queueItemKey(actor.orgId, itemId), {
      set: {
        status: 'pending',
        appeal: { message, at: nowIso },
        excludedModeratorId: record.decisions.at(-1)?.moderatorId ?? null,
        updatedAt: nowIso,
      },
      index: queueIndex(actor.orgId, 'pending', itemId),
      condition: [{ kind: 'versionEquals', version: item.version }],
    });
  } catch (error) {
    if (error instanceof ConditionFailedError) throw AppError.conflict('You have already appealed this decision');
    throw error;
  }
  return getItem(deps, actor, itemId);
}
