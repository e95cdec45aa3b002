/**
 * One queue item as a moderator sees it: the content now, why it is here (reasons for the author,
 * signals with scores, flags), the author's appeal, the decisions so far, and the decision form.
 */
import type { QueueItem } from '@diatonic/api-schemas';
import { Link } from 'react-router';
import { DecisionForm } from './decision-form.tsx';
import { pastActionLabels, sourceLabels, stateLabels, when } from './moderation-labels.ts';

export function QueueItemCard({ item, myUserId }: { item: QueueItem; myUserId: string | null }) {
  const headingId = `item-${item.id}`;
  const excluded = item.excludedModeratorId !== null && item.excludedModeratorId === myUserId;
  return (
    <article className="card queue-item" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <Link to={`/moderation/items/${item.id}`}>
          {item.content?.title ?? (item.kind === 'post' ? 'Post' : 'Comment')}
        </Link>
      </h2>
      <p className="muted">
        {item.kind === 'post' ? 'Post' : 'Comment'} · {sourceLabels[item.source]} ·{' '}
        {item.content ? stateLabels[item.content.state] : 'Content no longer exists'} · since {when(item.createdAt)}
      </p>
      {item.content ? <blockquote className="queue-excerpt">{item.content.excerpt}</blockquote> : null}
      {item.reasons.length > 0 ? (
        <ul className="queue-reasons">
          {item.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {item.signals.length > 0 ? (
        <details>
          <summary>What the checks found</summary>
          <ul>
            {item.signals.map((signal) => (
              <li key={`${signal.check}:${signal.detail}`}>
                <strong>{signal.check}</strong> ({signal.effect}): {signal.detail}
                {signal.score !== undefined ? ` — score ${signal.score}` : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {item.flagCount > 0 ? (
        <p>
          Flags: {item.flagCount} (weight {item.flagWeight})
        </p>
      ) : null}
      {item.flags.length > 0 ? (
        <ul className="queue-flags">
          {item.flags.map((flag) => (
            <li key={`${flag.userId}-${flag.at}`}>
              “{flag.reason}” · weight {flag.weight} · {when(flag.at)}
            </li>
          ))}
        </ul>
      ) : null}
      {item.decisions.length > 0 ? (
        <ol className="queue-decisions">
          {item.decisions.map((decision) => (
            <li key={decision.at}>
              {pastActionLabels[decision.action]}
              {decision.onAppeal ? ' on appeal' : ''} · {when(decision.at)}: {decision.reason}
            </li>
          ))}
        </ol>
      ) : null}
      {item.appeal ? (
        <div className="queue-appeal">
          <p>
            <strong>The author appealed</strong> ({when(item.appeal.at)}):
          </p>
          <blockquote>{item.appeal.message}</blockquote>
        </div>
      ) : null}
      {item.status === 'pending' ? (
        excluded ? (
          <p className="muted">You decided this item before the appeal; another moderator must review it.</p>
        ) : (
          <DecisionForm itemId={item.id} />
        )
      ) : null}
    </article>
  );
}
