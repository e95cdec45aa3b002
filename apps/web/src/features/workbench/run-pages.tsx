/**
 * /workbench/agents/:agentId/runs (an agent's run history, newest first, refreshed while runs are going)
 * and /workbench/runs/:runId (one run's live view).
 */
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { formatUsd } from '../ai/money.ts';
import { formatDuration } from './run-state.ts';
import { RunView } from './run-view.tsx';
import { useLiveRun } from './use-live-run.ts';
import { useAgent, useAgentRuns } from './use-workbench.ts';

export function AgentRunsPage() {
  const agentId = useParams().agentId ?? '';
  const agent = useAgent(agentId);
  const runs = useAgentRuns(agentId);
  const name = agent.data?.name ?? agentId;
  return (
    <section className="page workbench" aria-labelledby="runs-heading">
      <title>{`Runs of ${name} · Diatonic`}</title>
      <p>
        <Link to="/workbench">Workbench</Link> ·{' '}
        <Link to={`/workbench/agents/${encodeURIComponent(agentId)}`}>Open the builder</Link>
      </p>
      <h1 id="runs-heading">Runs of {name}</h1>
      {runs.isPending ? <LoadingState label="Loading runs…" /> : null}
      {runs.isError ? (
        <ErrorState title="The runs could not be loaded" error={runs.error} onRetry={() => runs.refetch()} />
      ) : null}
      {runs.data && runs.data.items.length === 0 ? <p className="muted">This agent has not run yet.</p> : null}
      {runs.data && runs.data.items.length > 0 ? (
        <table className="table" aria-label="Run history">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Trigger</th>
              <th scope="col">Version</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Tokens</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((run) => (
              <tr key={run.id}>
                <th scope="row">
                  <Link to={`/workbench/runs/${encodeURIComponent(run.id)}`}>{run.id}</Link>
                </th>
                <td>
                  <span className={`state-badge run-status-${run.status}`}>{run.status}</span>
                  {run.errorDetails ? <span className="muted"> {run.errorDetails.code}</span> : null}
                </td>
                <td>{run.trigger}</td>
                <td>{run.agentVersion === null ? 'draft' : `v${run.agentVersion}`}</td>
                <td>{new Date(run.createdAt).toLocaleString()}</td>
                <td>{formatDuration(run.totals.durationMs)}</td>
                <td>{run.totals.tokens}</td>
                <td>{formatUsd(run.totals.costMicroUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function RunPage() {
  const runId = useParams().runId ?? '';
  const navigate = useNavigate();
  const liveRun = useLiveRun(runId);
  const agentId = liveRun.run?.agentId;
  return (
    <section className="page workbench" aria-labelledby="run-heading">
      <title>Run · Diatonic</title>
      <p>
        <Link to="/workbench">Workbench</Link>
        {agentId ? (
          <>
            {' '}
            · <Link to={`/workbench/agents/${encodeURIComponent(agentId)}/runs`}>Run history</Link> ·{' '}
            <Link to={`/workbench/agents/${encodeURIComponent(agentId)}`}>Open the builder</Link>
          </>
        ) : null}
      </p>
      <h1 id="run-heading">Run</h1>
      <RunView liveRun={liveRun} onNewRun={(id) => navigate(`/workbench/runs/${encodeURIComponent(id)}`)} />
    </section>
  );
}
