/**
 * Test support for the community moderation rows of the matrix and tenant resources: content in
 * organisation A (test content until community's posts are wired, then real posts), and queue items
 * in each state, made through the moderation facade the way community and moderators make them.
 */
import type { Actor, ModeratedKind } from '@diatonic/core';
import { putTestContent } from '@diatonic/core/testing';
import type { World } from './fixture-world.ts';

let counter = 0;
const fakeUserId = () => `usr_${(++counter).toString().padStart(26, 'X')}`;

/** A published post or comment in organisation A by `authorId` (someone outside the matrix by default). */
export async function newContentInA(world: World, kind: ModeratedKind = 'post', authorId = fakeUserId()) {
  const { itemStore, ids } = world.platform.deps;
  const id = ids.next(kind === 'post' ? 'pst' : 'cmt');
  await putTestContent(itemStore, {
    organizationId: world.orgA.id,
    kind,
    id,
    authorId,
    ...(kind === 'post' ? { title: 'Matrix post' } : {}),
    text: `Matrix ${kind} ${id}`,
  });
  return { id, authorId };
}

/** A pending queue item in A: content held at review, recorded the way community records it. */
export async function newPendingItemInA(world: World, authorId = fakeUserId()) {
  const content = await newContentInA(world, 'post', authorId);
  const { queueItemId } = await world.platform.deps.moderation.recordHeld(
    {
      organizationId: world.orgA.id,
      kind: 'post',
      id: content.id,
      authorId,
      authorTrustLevel: 0,
      text: 'Held for the matrix',
      links: [],
      mentions: [],
      attachmentCount: 0,
      isEdit: false,
    },
    ['Held for the matrix'],
  );
  return { itemId: queueItemId, contentId: content.id, authorId };
}

/** A queue item in A decided `remove` by A's moderator, so its author may appeal. */
export async function newRemovedItemInA(world: World, authorId = fakeUserId()) {
  const pending = await newPendingItemInA(world, authorId);
  const moderator: Actor = {
    userId: world.callers.moderator.userId!,
    orgId: world.orgA.id,
    role: 'moderator',
    plan: 'enterprise',
  };
  await world.platform.deps.moderation.decide(moderator, pending.itemId, { action: 'remove', reason: 'Matrix' });
  return pending;
}
