/**
 * /workbench: the organisation's agents. Create one (it starts as trigger → LLM → output and opens in the
 * builder), open, see its runs, delete (after a confirmation). A plan's agent quota refusal is shown with
 * the plan's own sentence.
 */
import type { AgentSummary } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { workbenchErrorMessage } from './graph-issues.ts';
import { useAgents, useCreateAgent, useDeleteAgent } from './use-workbench.ts';

export function AgentsPage() {
  const agents = useAgents();
  const create = useCreateAgent();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);

  const onCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (name.trim() === '') {
      setNameError('Enter a name for the agent.');
      return;
    }
    setNameError(null);
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (agent) => {
          setName('');
          navigate(`/workbench/agents/${encodeURIComponent(agent.id)}`, {
            state: { webhookSecret: agent.webhookSecret },
          });
        },
      },
    );
  };

  return (
    <section className="page workbench" aria-labelledby="workbench-heading">
      <title>Workbench · Diatonic</title>
      <h1 id="workbench-heading">Workbench</h1>
      <p className="lead">Build agents as graphs of nodes, run them, and watch each step live.</p>
      <form className="inline-form card" onSubmit={onCreate} noValidate aria-label="New agent">
        <div className="field">
          <label htmlFor="new-agent-name">Agent name</label>
          <input
            id="new-agent-name"
            value={name}
            maxLength={200}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'new-agent-name-error' : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {nameError ? (
            <p id="new-agent-name-error" className="field-error">
              {nameError}
            </p>
          ) : null}
        </div>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create agent'}
        </button>
      </form>
      {create.isError ? (
        <div className="form-error" role="alert" data-testid="create-agent-error">
          <p>{workbenchErrorMessage(create.error)}</p>
        </div>
      ) : null}
      <AgentList query={agents} />
    </section>
  );
}

function AgentList({ query }: { query: ReturnType<typeof useAgents> }) {
  if (query.isPending) return <LoadingState label="Loading agents…" />;
  if (query.isError) {
    return <ErrorState title="The agents could not be loaded" error={query.error} onRetry={() => query.refetch()} />;
  }
  if (query.data.items.length === 0) return <p className="muted">No agents yet. Create the first one above.</p>;
  return (
    <table className="table agents-table" aria-label="Agents">
      <thead>
        <tr>
          <th scope="col">Agent</th>
          <th scope="col">Nodes</th>
          <th scope="col">Draft</th>
          <th scope="col">Published</th>
          <th scope="col">Updated</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {query.data.items.map((agent) => (
          <AgentRow key={agent.id} agent={agent} />
        ))}
      </tbody>
    </table>
  );
}

function AgentRow({ agent }: { agent: AgentSummary }) {
  const remove = useDeleteAgent();
  const [confirming, setConfirming] = useState(false);
  const path = `/workbench/agents/${encodeURIComponent(agent.id)}`;
  return (
    <tr>
      <th scope="row">
        <Link to={path}>{agent.name}</Link>
      </th>
      <td>{agent.nodeCount}</td>
      <td>v{agent.version}</td>
      <td>{agent.publishedVersion === null ? 'not published' : `v${agent.publishedVersion}`}</td>
      <td>{new Date(agent.updatedAt).toLocaleString()}</td>
      <td>
        <div className="actions">
          <Link to={`${path}/runs`} aria-label={`Runs of ${agent.name}`}>
            Runs
          </Link>
          {confirming ? (
            <span className="confirm">
              <span>Delete {agent.name}?</span>
              <button
                type="button"
                className="button-danger"
                disabled={remove.isPending}
                onClick={() => remove.mutate(agent.id)}
              >
                Confirm delete
              </button>
              <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="button-secondary"
              aria-label={`Delete ${agent.name}`}
              onClick={() => setConfirming(true)}
            >
              Delete
            </button>
          )}
        </div>
        {remove.isError ? (
          <p className="field-error" role="alert">
            {workbenchErrorMessage(remove.error)}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
