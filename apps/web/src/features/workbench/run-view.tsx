/**
 * The live view of one run: its status, totals (tokens, cost, duration), every node with its state and
 * metrics and the model text streamed so far, the outputs, the error, and the log panel. Stop ends a run
 * that has not ended; "Retry from failed node" starts a new run that reuses the completed steps.
 */
import { useMutation } from '@tanstack/react-query';
import { retryRun, runEnded, stopRun } from '../../api/workbench-api.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { formatUsd } from '../ai/money.ts';
import { workbenchErrorMessage } from './graph-issues.ts';
import { nodeTitle } from './node-types.ts';
import { asText, formatDuration, type NodeView } from './run-state.ts';
import type { LiveRun } from './use-live-run.ts';

interface RunViewProps {
  liveRun: LiveRun;
  /** A retry started a new run. */
  onNewRun(runId: string): void;
}

export function RunView({ liveRun, onNewRun }: RunViewProps) {
  const { run, runError, live, logError, transport, views } = liveRun;
  const stop = useMutation({ mutationFn: (runId: string) => stopRun(runId) });
  const retry = useMutation({ mutationFn: (runId: string) => retryRun(runId), onSuccess: (next) => onNewRun(next.id) });

  if (!run) {
    if (runError) return <ErrorState title="The run could not be loaded" error={runError} />;
    return <LoadingState label="Loading the run…" />;
  }
  const ended = runEnded(run.status);
  const totals = run.results.metrics;
  const outputs = run.results.outputs;
  return (
    <section className="run-view" aria-label="Run">
      <div className="run-header">
        <h3>
          Run <code>{run.id}</code>
        </h3>
        <p>
          Status:{' '}
          <strong className={`run-status run-status-${run.status}`} data-testid="run-status">
            {run.status}
          </strong>
          {run.agentVersion === null ? ' · draft' : ` · version ${run.agentVersion}`}
          {transport === 'polling' ? ' · log by polling' : null}
        </p>
        <div className="button-row">
          {!ended ? (
            <button
              type="button"
              className="button-danger"
              disabled={stop.isPending}
              onClick={() => stop.mutate(run.id)}
            >
              {stop.isPending ? 'Stopping…' : 'Stop'}
            </button>
          ) : null}
          {run.status === 'failed' || run.status === 'stopped' ? (
            <button type="button" disabled={retry.isPending} onClick={() => retry.mutate(run.id)}>
              Retry from failed node
            </button>
          ) : null}
        </div>
        {stop.isError ? (
          <p className="field-error" role="alert">
            {workbenchErrorMessage(stop.error)}
          </p>
        ) : null}
        {retry.isError ? (
          <p className="field-error" role="alert">
            {workbenchErrorMessage(retry.error)}
          </p>
        ) : null}
      </div>

      <dl className="status-list run-totals" aria-label="Run totals">
        <Fact name="Total tokens" value={String(totals.tokens)} />
        <Fact name="Total cost" value={formatUsd(totals.costMicroUsd)} />
        <Fact name="Total duration" value={formatDuration(totals.durationMs)} />
        <Fact name="Steps" value={String(totals.steps)} />
      </dl>

      {run.errorDetails ? (
        <div className="error-state" role="alert" data-testid="run-error">
          <p className="error-title">
            The run {run.status === 'stopped' ? 'was stopped' : 'failed'}
            {run.errorDetails.nodeId ? ` at node ${run.errorDetails.nodeId}` : ''}
          </p>
          <p>
            <code>{run.errorDetails.code}</code>: {run.errorDetails.message}
          </p>
        </div>
      ) : null}

      <table className="table run-nodes" aria-label="Node results">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">State</th>
            <th scope="col">Tokens</th>
            <th scope="col">Cost</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {views.map((view) => (
            <tr key={view.id} data-node-id={view.id}>
              <th scope="row">
                {view.label} <span className="muted">({nodeTitle(view.type)})</span>
              </th>
              <td>
                <span className={`state-badge state-${view.state}`}>{view.state}</span>
              </td>
              <td>{view.tokens}</td>
              <td>{formatUsd(view.costMicroUsd)}</td>
              <td>{formatDuration(view.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <StreamedText views={views} />

      {outputs ? (
        <section aria-label="Outputs" className="run-outputs">
          <h4>Outputs</h4>
          {Object.entries(outputs).map(([nodeId, value]) => (
            <div key={nodeId}>
              <p className="muted">{nodeId}</p>
              <pre data-testid={`output-${nodeId}`}>{asText(value)}</pre>
            </div>
          ))}
        </section>
      ) : null}

      <section aria-label="Run log" className="run-log">
        <h4>Log</h4>
        {logError ? <ErrorState title="The log could not be followed" error={logError} /> : null}
        <ol className="run-log-list" aria-live="off">
          {live.entries
            .filter((entry) => entry.kind !== 'token')
            .map((entry) => (
              <li key={entry.id} className={`log-${entry.level}`}>
                <time dateTime={entry.at}>{new Date(entry.at).toLocaleTimeString()}</time>{' '}
                {entry.nodeId ? <code>{entry.nodeId}</code> : null} {entry.message}
              </li>
            ))}
        </ol>
      </section>
    </section>
  );
}

/** The model text of LLM nodes as it streams (and as stored once the node completed). */
function StreamedText({ views }: { views: NodeView[] }) {
  const llms = views.filter((view) => view.type === 'llm' && view.text !== null);
  if (llms.length === 0) return null;
  return (
    <section aria-label="Model output" className="run-streams">
      <h4>Model output</h4>
      {llms.map((view) => (
        <div key={view.id}>
          <p className="muted">{view.label}</p>
          <pre data-testid={`stream-${view.id}`}>{view.text}</pre>
        </div>
      ))}
    </section>
  );
}

function Fact({ name, value }: { name: string; value: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}
