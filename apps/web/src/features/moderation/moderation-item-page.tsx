/**
 * /moderation/items/:id: where a moderation notification leads. The author sees why their content was
 * held, hidden or removed, the decisions with their reasons, and can appeal once; moderators see the
 * full item with the decision form.
 */
import { useParams } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { AppealForm } from './appeal-form.tsx';
import { pastActionLabels, stateLabels, when } from './moderation-labels.ts';
import { QueueItemCard } from './queue-item-card.tsx';
import { useQueueItem } from './use-moderation.ts';

export function ModerationItemPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const item = useQueueItem(id);

  if (item.isPending || me.isPending) return <LoadingState label="Loading…" />;
  if (item.isError)
    return <ErrorState title="This item could not be loaded" error={item.error} onRetry={() => item.refetch()} />;
  const data = item.data;
  const isModerator = new Set(me.data?.permissions ?? []).has('moderation:review');
  if (isModerator) {
    return (
      <section className="page" aria-labelledby="item-heading">
        <h1 id="item-heading">Moderation item</h1>
        <QueueItemCard item={data} myUserId={me.data?.user.id ?? null} />
      </section>
    );
  }
  const noun = data.kind === 'post' ? 'post' : 'comment';
  return (
    <section className="page narrow" aria-labelledby="item-heading">
      <title>{`Your ${noun} · Diatonic`}</title>
      <h1 id="item-heading">Your {noun}</h1>
      {data.content ? (
        <>
          <p className="muted">{stateLabels[data.content.state]}</p>
          <blockquote className="queue-excerpt">{data.content.excerpt}</blockquote>
        </>
      ) : null}
      <h2>Why</h2>
      <ul>
        {data.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {data.decisions.length > 0 ? (
        <>
          <h2>Decisions</h2>
          <ol>
            {data.decisions.map((decision) => (
              <li key={decision.at}>
                {pastActionLabels[decision.action]}
                {decision.onAppeal ? ' on appeal' : ''} · {when(decision.at)}: {decision.reason}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p>A moderator has not decided yet.</p>
      )}
      {data.appeal ? (
        <p>
          You appealed on {when(data.appeal.at)}
          {data.status === 'pending' ? '; a different moderator will review it.' : '.'}
        </p>
      ) : null}
      {data.canAppeal ? <AppealForm itemId={data.id} /> : null}
    </section>
  );
}
