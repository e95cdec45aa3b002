/**
 * /moderation: the moderators' queue in the active organisation. "To decide" lists held, flagged and
 * appealed content oldest first; "Decided" the record, newest first. Admins also get the word list.
 */
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { QueueItemCard } from './queue-item-card.tsx';
import { useQueue } from './use-moderation.ts';

export function ModerationQueuePage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') === 'done' ? 'done' : 'pending';
  const permissions = new Set(me.data?.permissions ?? []);
  const canReview = permissions.has('moderation:review');
  const queue = useQueue(state, canReview);

  if (me.isPending) return <LoadingState label="Loading…" />;
  if (me.isError)
    return <ErrorState title="Your account could not be loaded" error={me.error} onRetry={() => me.refetch()} />;
  if (!canReview) {
    return (
      <section className="page narrow">
        <h1>Moderation</h1>
        <p>Only moderators, admins and owners of this organisation review flagged and held content.</p>
      </section>
    );
  }
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="page" aria-labelledby="moderation-heading">
      <title>Moderation queue · Diatonic</title>
      <h1 id="moderation-heading">Moderation queue</h1>
      <nav className="tabs" aria-label="Queue">
        <button
          type="button"
          className={state === 'pending' ? 'tab active' : 'tab'}
          aria-pressed={state === 'pending'}
          onClick={() => setParams({})}
        >
          To decide
        </button>
        <button
          type="button"
          className={state === 'done' ? 'tab active' : 'tab'}
          aria-pressed={state === 'done'}
          onClick={() => setParams({ state: 'done' })}
        >
          Decided
        </button>
        {permissions.has('moderation:configure') ? <Link to="/moderation/words">Word list</Link> : null}
      </nav>
      {queue.isPending ? <LoadingState label="Loading the queue…" /> : null}
      {queue.isError ? (
        <ErrorState title="The queue could not be loaded" error={queue.error} onRetry={() => queue.refetch()} />
      ) : null}
      {queue.isSuccess && items.length === 0 ? (
        <p className="muted">{state === 'pending' ? 'Nothing to decide. ' : 'No decisions yet.'}</p>
      ) : null}
      {items.map((item) => (
        <QueueItemCard key={item.id} item={item} myUserId={me.data.user.id} />
      ))}
      {queue.hasNextPage ? (
        <button type="button" onClick={() => queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
          {queue.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      ) : null}
    </section>
  );
}
