/** The streamed text as it arrives, then the call's facts: tokens, cost, latency, cached. */
import type { AiCompletion } from '@diatonic/api-schemas';
import { formatCount, formatUsd } from './money.ts';
import { OfflineLabel } from './offline-label.tsx';
import type { CompletionStreamState } from './use-completion-stream.ts';

export function CompletionOutput({ state, offlineModel }: { state: CompletionStreamState; offlineModel: boolean }) {
  if (state.status === 'idle') return null;
  const offline = state.completion ? state.completion.offline : offlineModel;
  return (
    <section className="card completion" aria-labelledby="completion-heading">
      <div className="completion-header">
        <h2 id="completion-heading">Output</h2>
        {offline ? <OfflineLabel /> : null}
        <span role="status" className="muted">
          {statusText(state)}
        </span>
      </div>
      {/* Not a live region: announcing every token would drown a screen reader; the status line says when it is done. */}
      <div className="completion-text" data-testid="completion-text" aria-busy={state.status === 'streaming'}>
        {state.text}
        {state.status === 'streaming' ? <span className="cursor" aria-hidden="true" /> : null}
      </div>
      {state.completion ? <CompletionFacts completion={state.completion} /> : null}
    </section>
  );
}

function statusText(state: CompletionStreamState): string {
  switch (state.status) {
    case 'streaming':
      return 'Streaming…';
    case 'done':
      return 'Done.';
    case 'stopped':
      return 'Stopped. Only the tokens streamed so far are charged.';
    case 'failed':
      return state.text ? 'The stream failed part-way.' : '';
    default:
      return '';
  }
}

function CompletionFacts({ completion }: { completion: AiCompletion }) {
  return (
    <dl className="completion-facts" data-testid="completion-facts">
      <div>
        <dt>Tokens in</dt>
        <dd>{formatCount(completion.usage.inputTokens)}</dd>
      </div>
      <div>
        <dt>Tokens out</dt>
        <dd>{formatCount(completion.usage.outputTokens)}</dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>{formatUsd(completion.costMicroUsd)}</dd>
      </div>
      <div>
        <dt>Latency</dt>
        <dd>{Math.round(completion.latencyMs)} ms</dd>
      </div>
      <div>
        <dt>Cache</dt>
        <dd data-testid="cache-flag">{completion.cached ? 'cached' : 'not cached'}</dd>
      </div>
      <div>
        <dt>Stop reason</dt>
        <dd>{completion.stopReason.replace('_', ' ')}</dd>
      </div>
    </dl>
  );
}
