/**
 * Feeds: `latest` walks a post index newest first (ids sort by time), `hot` and `top` rank the most
 * recent `rankWindow` posts of the period in memory (see hot-score.ts and README). Filters: tag,
 * author, period. Scopes: the organisation's feed (published posts with visibility organization or
 * public), an author's posts (their own listing also shows their private and held posts), and the
 * public scope: published public posts of every organisation, `listPublicPosts`, the only
 * cross-tenant read of the module.
 */
import type { QueryInput, StoredItem } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { createIds } from '../shared/ids.ts';
import { canSee, requirePermission } from './access.ts';
import { attachmentUrls } from './attachments.ts';
import type { CommunityDeps } from './community-deps.ts';
import { hotRank } from './hot-score.ts';
import { authorPartition, orgFeedPartition, postKey, publicFeedPartition } from './keys.ts';
import { myReactionsOn } from './my-reactions.ts';
import type { PostRecord } from './records.ts';
import { type PostView, toPostView, totalReactions } from './views.ts';

export const feedSorts = ['latest', 'hot', 'top'] as const;
export type FeedSort = (typeof feedSorts)[number];
export const feedPeriods = ['day', 'week', 'month', 'all'] as const;
export type FeedPeriod = (typeof feedPeriods)[number];

export interface ListPostsInput {
  sort?: FeedSort;
  period?: FeedPeriod;
  tag?: string;
  authorId?: string;
  scope?: 'organization' | 'public';
  cursor?: string;
  limit?: number;
}

const periodMs: Record<FeedPeriod, number | null> = {
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  all: null,
};

/** The smallest post id created at or after `ms`: ids start with their creation time. */
function postIdFloor(ms: number): string {
  const id = createIds(() => ms).next('pst');
  return id.slice(0, 'pst_'.length + 10);
}

const maxPagesPerRequest = 20;
const rankCursorPattern = /^rank:(\d{1,5})$/;

interface Source {
  query: Omit<QueryInput, 'cursor' | 'limit'>;
  /** Turns index entries into posts (the public index holds pointers). */
  load(items: StoredItem[]): Promise<PostRecord[]>;
  keep(post: PostRecord): boolean;
}

export async function listPosts(
  deps: CommunityDeps,
  actor: Actor,
  input: ListPostsInput = {},
): Promise<{ items: PostView[]; nextCursor: string | null }> {
  requirePermission(actor, 'post:read');
  const sort = input.sort ?? 'latest';
  const period = input.period ?? 'all';
  if (!feedSorts.includes(sort)) throw AppError.invalidInput('Unknown sort', { field: 'sort' });
  if (!feedPeriods.includes(period)) throw AppError.invalidInput('Unknown period', { field: 'period' });
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const since = periodMs[period] === null ? null : deps.clock.nowMs() - (periodMs[period] as number);
  const tag = input.tag?.trim().toLowerCase();
  const matches = (post: PostRecord) =>
    (!tag || post.tags.includes(tag)) && (!input.authorId || post.authorId === input.authorId);
  const source = input.scope === 'public' ? publicSource(deps, matches) : orgSource(actor, input.authorId, matches);
  if (since !== null) source.query.sk = { gte: postIdFloor(since) };

  const posts =
    sort === 'latest'
      ? await walk(deps, source, limit, input.cursor)
      : await rank(deps, source, sort, limit, input.cursor);
  const own = posts.items.filter((post) => post.organizationId === actor.orgId).map((post) => post.id);
  const mine = await myReactionsOn(deps, actor, own);
  const urls = await attachmentUrls(deps, posts.items);
  return {
    items: posts.items.map((post) => toPostView(actor, post, mine.get(post.id) ?? [], urls)),
    nextCursor: posts.nextCursor,
  };
}

function orgSource(actor: Actor, authorId: string | undefined, matches: (post: PostRecord) => boolean): Source {
  const byAuthor = authorId !== undefined;
  return {
    query: {
      index: byAuthor ? 'gsi2' : 'gsi1',
      pk: byAuthor ? authorPartition(actor.orgId, authorId) : orgFeedPartition(actor.orgId),
      reverse: true,
    },
    load: async (items) => items.map((item) => item.data as PostRecord),
    keep: (post) => {
      if (!matches(post) || !canSee(actor, post, actor.orgId, post.organizationId)) return false;
      // Listings show live posts; an author also finds their own held and removed ones.
      if (post.state === 'deleted') return false;
      return post.state === 'published' || post.authorId === actor.userId;
    },
  };
}

/** The one cross-tenant query: public-feed pointers from every organisation, then the posts they name. */
function publicSource(deps: CommunityDeps, matches: (post: PostRecord) => boolean): Source {
  return {
    query: { index: 'gsi1', pk: publicFeedPartition, reverse: true },
    load: (items) => listPublicPosts(deps, items),
    keep: (post) => post.state === 'published' && post.visibility === 'public' && matches(post),
  };
}

export async function listPublicPosts(deps: CommunityDeps, entries: StoredItem[]): Promise<PostRecord[]> {
  const keys = entries.map((entry) => {
    const { organizationId, postId } = entry.data as { organizationId: string; postId: string };
    return postKey(organizationId, postId);
  });
  const found = new Map<string, PostRecord>();
  for (let i = 0; i < keys.length; i += 100) {
    for (const item of await deps.store.getMany<PostRecord>(keys.slice(i, i + 100))) {
      found.set(item.data.id, item.data);
    }
  }
  return entries.flatMap((entry) => {
    const post = found.get((entry.data as { postId: string }).postId);
    return post ? [post] : [];
  });
}

/** Newest first; each page query asks only for what is still missing, so the store cursor stays exact. */
async function walk(deps: CommunityDeps, source: Source, limit: number, cursor: string | undefined) {
  if (cursor !== undefined && rankCursorPattern.test(cursor)) {
    throw AppError.invalidInput('The cursor belongs to another sort', { field: 'cursor' });
  }
  const items: PostRecord[] = [];
  let next: string | null = cursor ?? null;
  for (let page = 0; page < maxPagesPerRequest && items.length < limit; page++) {
    const result = await queryPage(deps, source, limit - items.length, next);
    items.push(...result.posts.filter(source.keep));
    next = result.nextCursor;
    if (!next) break;
  }
  return { items, nextCursor: next };
}

async function queryPage(deps: CommunityDeps, source: Source, limit: number, cursor: string | null) {
  const page = await deps.store.query({ ...source.query, limit, ...(cursor ? { cursor } : {}) });
  return { posts: await source.load(page.items), nextCursor: page.nextCursor };
}

/** hot / top: rank the period's most recent `rankWindow` posts; the cursor is an offset into that ranking. */
async function rank(
  deps: CommunityDeps,
  source: Source,
  sort: 'hot' | 'top',
  limit: number,
  cursor: string | undefined,
) {
  let offset = 0;
  if (cursor !== undefined) {
    const match = rankCursorPattern.exec(cursor);
    if (!match) throw AppError.invalidInput('The cursor is invalid or belongs to another sort', { field: 'cursor' });
    offset = Number(match[1]);
  }
  const candidates: PostRecord[] = [];
  let next: string | null = null;
  for (let page = 0; page < maxPagesPerRequest && candidates.length < deps.limits.rankWindow; page++) {
    const result = await queryPage(deps, source, Math.min(100, deps.limits.rankWindow - candidates.length), next);
    candidates.push(...result.posts.filter(source.keep));
    next = result.nextCursor;
    if (!next) break;
  }
  const now = deps.clock.nowMs();
  const score = (post: PostRecord) =>
    sort === 'hot'
      ? hotRank(totalReactions(post), Date.parse(post.createdAt), now)
      : totalReactions(post) * 1_000_000 + (post.comments ?? 0);
  const ranked = candidates
    .map((post) => ({ post, score: score(post) }))
    .sort((a, b) => b.score - a.score || (a.post.id < b.post.id ? 1 : -1));
  const items = ranked.slice(offset, offset + limit).map((entry) => entry.post);
  return { items, nextCursor: offset + limit < ranked.length ? `rank:${offset + limit}` : null };
}
