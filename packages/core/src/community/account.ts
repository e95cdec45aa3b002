/**
 * Community's part in account export and deletion (identity's AccountExtensions). Export: the user's
 * posts, comments and profile in every organisation they belong to. Deletion: in organisations that
 * keep existing, the user's posts and comments stay but belong to "Deleted user" (text kept, as on
 * Discourse; the author indexes and the profile go, and the user's reaction items are deleted while the
 * counts they added stay); in organisations deleted with the account, everything the user wrote is purged.
 * Files: every post attachment the user uploaded is deleted everywhere, including those of posts kept
 * as "Deleted user" (account-files.ts explains why), by a durable job sent before anything changes.
 */
import type { AccountDeletionContext, AccountExportContext } from '../identity/account-extensions.ts';
import type { ItemKey } from '../ports/item-store.ts';
import { type PartitionQuery, readPartition } from '../shared/partition-items.ts';
import { purgeAccountFiles, schedulePurgeOfAccountFiles } from './account-files.ts';
import type { CommunityDeps } from './community-deps.ts';
import {
  authorPartition,
  commentAuthorPartition,
  commentRefKey,
  orgChannel,
  postPartition,
  profileKey,
  reactionPartition,
} from './keys.ts';
import type { CommentRecord, PostRecord, ProfileRecord } from './records.ts';

export const deletedAuthorId = 'deleted-user';
const deletedAuthor = { name: 'Deleted user', role: 'member' as const, avatarUrl: null };

const queryAll = <T extends Record<string, unknown>>(deps: CommunityDeps, query: PartitionQuery) =>
  readPartition<T>(deps.store, query);

const postsBy = (deps: CommunityDeps, orgId: string, userId: string) =>
  queryAll<PostRecord>(deps, { index: 'gsi2', pk: authorPartition(orgId, userId) });
const commentsBy = (deps: CommunityDeps, orgId: string, userId: string) =>
  queryAll<CommentRecord>(deps, { index: 'gsi2', pk: commentAuthorPartition(orgId, userId) });

export async function exportCommunityData(deps: CommunityDeps, context: AccountExportContext) {
  const organizations = [];
  for (const orgId of context.organizationIds) {
    const [posts, comments, profile] = await Promise.all([
      postsBy(deps, orgId, context.userId),
      commentsBy(deps, orgId, context.userId),
      deps.store.get<ProfileRecord>(profileKey(orgId, context.userId)),
    ]);
    organizations.push({
      organizationId: orgId,
      profile: profile?.data ?? null,
      posts: posts.map(({ data }) => ({
        id: data.id,
        title: data.title,
        content: data.content,
        tags: data.tags,
        visibility: data.visibility,
        state: data.state,
        createdAt: data.createdAt,
        updatedAt: data.updatedAt,
      })),
      comments: comments.map(({ data }) => ({
        id: data.id,
        postId: data.postId,
        content: data.content,
        state: data.state,
        createdAt: data.createdAt,
      })),
    });
  }
  return { organizations };
}

async function deleteKeys(deps: CommunityDeps, keys: ItemKey[]): Promise<void> {
  for (const key of keys) await deps.store.delete(key);
}

async function anonymise(deps: CommunityDeps, orgId: string, userId: string): Promise<void> {
  for (const post of await postsBy(deps, orgId, userId)) {
    await deps.store.update(
      { pk: post.pk, sk: post.sk },
      // The files go with the author (account-files.ts): the post stops showing them now, the job deletes them.
      {
        set: { authorId: deletedAuthorId, authorProfile: deletedAuthor, attachments: [] },
        index: { gsi2pk: null, gsi2sk: null },
      },
    );
  }
  for (const comment of await commentsBy(deps, orgId, userId)) {
    await deps.store.update(
      { pk: comment.pk, sk: comment.sk },
      { set: { authorId: deletedAuthorId, authorProfile: deletedAuthor }, index: { gsi2pk: null, gsi2sk: null } },
    );
  }
}

/** Everything in the partitions of the user's posts (comments, revisions, public entries), and comment refs. */
async function purge(deps: CommunityDeps, orgId: string, userId: string): Promise<void> {
  for (const post of await postsBy(deps, orgId, userId)) {
    const items = await queryAll<Record<string, unknown>>(deps, { pk: postPartition(orgId, post.data.id) });
    const refs = items
      .filter((item) => item.sk.startsWith('C#'))
      .map((item) => commentRefKey(orgId, String(item.data.id)));
    await deleteKeys(deps, [...refs, ...items.map(({ pk, sk }) => ({ pk, sk }))]);
  }
  // Comments on other people's posts: the organisation had no other members, but stay exact anyway.
  for (const comment of await commentsBy(deps, orgId, userId)) {
    await deleteKeys(deps, [{ pk: comment.pk, sk: comment.sk }, commentRefKey(orgId, comment.data.id)]);
  }
}

export async function deleteCommunityData(deps: CommunityDeps, context: AccountDeletionContext): Promise<void> {
  const { userId } = context;
  const organizationIds = [...context.sharedOrganizationIds, ...context.deletedOrganizationIds];
  // First, so a crash anywhere below still leaves the files' removal queued (retried until done).
  // Without a queue (tests of the module alone) the files are removed inline, at the end.
  if (deps.jobs) await schedulePurgeOfAccountFiles(deps.jobs, { userId, organizationIds });
  for (const orgId of context.sharedOrganizationIds) await anonymise(deps, orgId, userId);
  for (const orgId of context.deletedOrganizationIds) {
    await purge(deps, orgId, userId);
    // The organisation's live events (ids, titles, counts) would otherwise linger until they expire.
    await deps.events.deleteChannel(orgChannel(orgId));
  }
  for (const orgId of [...context.sharedOrganizationIds, ...context.deletedOrganizationIds]) {
    const reactions = await queryAll<Record<string, unknown>>(deps, { pk: reactionPartition(orgId, userId) });
    await deleteKeys(deps, [...reactions.map(({ pk, sk }) => ({ pk, sk })), profileKey(orgId, userId)]);
  }
  if (!deps.jobs) await purgeAccountFiles(deps, { userId, organizationIds });
}
