/** The caller's own reactions on a set of posts or comments (one getMany per 25 targets). */
import type { Actor } from '../shared/actor.ts';
import type { CommunityDeps } from './community-deps.ts';
import { reactionKey } from './keys.ts';
import { type ReactionRecord, type ReactionType, reactionTypes } from './records.ts';

export async function myReactionsOn(
  deps: CommunityDeps,
  actor: Actor,
  targetIds: string[],
): Promise<Map<string, ReactionType[]>> {
  const mine = new Map<string, ReactionType[]>();
  const keys = targetIds.flatMap((id) => reactionTypes.map((type) => reactionKey(actor.orgId, actor.userId, id, type)));
  for (let i = 0; i < keys.length; i += 100) {
    const items = await deps.store.getMany<ReactionRecord>(keys.slice(i, i + 100));
    for (const item of items) mine.set(item.data.targetId, [...(mine.get(item.data.targetId) ?? []), item.data.type]);
  }
  for (const [id, types] of mine)
    mine.set(
      id,
      types.sort((a, b) => reactionTypes.indexOf(a) - reactionTypes.indexOf(b)),
    );
  return mine;
}
