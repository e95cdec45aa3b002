/**
 * /community: the organisation's feed with sort tabs (latest, hot, top), a period for top, a tag filter,
 * the public scope, and the composer. It follows the live event stream, so new posts, comments and
 * reactions appear without a reload.
 */
import { useEffect, useState } from 'react';
import type { FeedQuery } from '../../api/community-api.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useUrlFilters } from '../../ui/use-url-filters.ts';
import { PostCard } from './post-card.tsx';
import { PostComposer } from './post-composer.tsx';
import { useFeed, useLiveCommunity } from './use-community.ts';

const sorts: { value: FeedQuery['sort']; label: string }[] = [
  { value: 'latest', label: 'Latest' },
  { value: 'hot', label: 'Hot' },
  { value: 'top', label: 'Top' },
];

export function CommunityFeedPage() {
  const [params, update] = useUrlFilters();
  const sort = (sorts.find((s) => s.value === params.get('sort'))?.value ?? 'latest') as FeedQuery['sort'];
  const tag = params.get('tag') ?? '';
  const scope = params.get('scope') === 'public' ? 'public' : 'organization';
  const period = (params.get('period') ?? 'all') as NonNullable<FeedQuery['period']>;
  const [tagInput, setTagInput] = useState(tag);
  // A tag link elsewhere on the page changes the URL; the filter box follows it.
  useEffect(() => setTagInput(tag), [tag]);
  const query: FeedQuery = { sort, period, scope, ...(tag ? { tag } : {}) };
  const feed = useFeed(query);
  const live = useLiveCommunity();

  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="page community" aria-labelledby="community-heading">
      <title>Community · Diatonic</title>
      <h1 id="community-heading">Community</h1>
      <p className="lead">
        {live.connected ? (
          <span className="live-dot" title="Live updates on">
            <span className="visually-hidden">Live updates on. </span>
          </span>
        ) : null}
        Questions, notes and discussions with your organisation.
      </p>
      <PostComposer />
      <div className="feed-controls">
        <div role="tablist" aria-label="Sort posts">
          {sorts.map((s) => (
            <button
              key={s.value}
              type="button"
              role="tab"
              aria-selected={sort === s.value}
              className="feed-tab"
              onClick={() => update({ sort: s.value === 'latest' ? '' : s.value })}
            >
              {s.label}
            </button>
          ))}
        </div>
        {sort !== 'latest' ? (
          <label>
            Period{' '}
            <select value={period} onChange={(e) => update({ period: e.target.value === 'all' ? '' : e.target.value })}>
              <option value="day">Day</option>
              <option value="week">Week</option>
              <option value="month">Month</option>
              <option value="all">All time</option>
            </select>
          </label>
        ) : null}
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            update({ tag: tagInput.trim().replace(/^#/, '').toLowerCase() });
          }}
        >
          <label htmlFor="tag-filter">Tag</label>
          <input id="tag-filter" value={tagInput} onChange={(e) => setTagInput(e.target.value)} placeholder="any" />
          <button type="submit" className="button-secondary">
            Filter
          </button>
        </form>
        <label>
          <input
            type="checkbox"
            checked={scope === 'public'}
            onChange={(e) => update({ scope: e.target.checked ? 'public' : '' })}
          />{' '}
          Public posts from every organisation
        </label>
      </div>
      {feed.isPending ? <LoadingState label="Loading posts…" /> : null}
      {feed.isError ? (
        <ErrorState title="The feed could not be loaded" error={feed.error} onRetry={() => feed.refetch()} />
      ) : null}
      {feed.isSuccess && posts.length === 0 ? <p className="muted">No posts yet.</p> : null}
      <section className="post-list" aria-label="Posts">
        {posts.map((post) => (
          <PostCard key={post.id} post={post} interactive={scope !== 'public'} />
        ))}
      </section>
      {feed.hasNextPage ? (
        <button
          type="button"
          className="button-secondary"
          onClick={() => feed.fetchNextPage()}
          disabled={feed.isFetchingNextPage}
        >
          More posts
        </button>
      ) : null}
    </section>
  );
}
