/**
 * /workbench/agents/:agentId: the builder. Palette (every node type), React Flow canvas (nodes with
 * handles; a condition's `true`/`false` outputs), the selected node's configuration panel with each
 * field's problem, save / publish, the webhook URL, and the run panel: input and variables, the live run
 * colouring the canvas node by node, Stop, retry, and the log.
 */
import '@xyflow/react/dist/style.css';
import type { ExecuteAgentRequest } from '@diatonic/api-schemas';
import {
  Background,
  type Connection,
  Controls,
  type NodeTypes,
  type OnSelectionChangeParams,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useCallback, useMemo, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../api/api-error.ts';
import { executeAgent } from '../../api/workbench-api.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useModels } from '../ai/use-ai.ts';
import {
  type ConnectionRequest,
  connectionProblem,
  edgeFor,
  type FlowNode,
  newNodeId,
  nodeAccessibleName,
} from './graph-convert.ts';
import { messagesForNode, sortIssues, workbenchErrorMessage } from './graph-issues.ts';
import { NodeConfigPanel } from './node-config-panel.tsx';
import { type NodeType, nodeTypeSpec, nodeTypeSpecs } from './node-types.ts';
import { Palette, paletteDragType } from './palette.tsx';
import { RunForm } from './run-form.tsx';
import { RunView } from './run-view.tsx';
import { useAgentDraft } from './use-agent-draft.ts';
import { useLiveRun } from './use-live-run.ts';
import { useAgent } from './use-workbench.ts';
import { WebhookPanel } from './webhook-panel.tsx';
import { CanvasStateContext, WorkbenchNode } from './workbench-node.tsx';

/** Never zoom in past 100 %: a small graph stays readable size instead of filling the canvas. */
const fitViewOptions = { maxZoom: 1 };
const nodeTypes: NodeTypes = Object.fromEntries(nodeTypeSpecs.map((spec) => [spec.type, WorkbenchNode]));

export function BuilderPage() {
  const agentId = useParams().agentId ?? '';
  const agent = useAgent(agentId);
  if (agent.isPending) return <LoadingState label="Loading the agent…" />;
  if (agent.isError) {
    return <ErrorState title="The agent could not be loaded" error={agent.error} onRetry={() => agent.refetch()} />;
  }
  return (
    <ReactFlowProvider>
      <Builder key={agent.data.id} agent={agent.data} />
    </ReactFlowProvider>
  );
}

function Builder({ agent }: { agent: NonNullable<ReturnType<typeof useAgent>['data']> }) {
  const draft = useAgentDraft(agent);
  const { nodes, edges, setNodes, setEdges } = draft;
  const models = useModels();
  const flow = useReactFlow();
  const location = useLocation();
  const createdSecret = (location.state as { webhookSecret?: string } | null)?.webhookSecret ?? null;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [activeRunId, setActiveRunId] = useState<string | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const liveRun = useLiveRun(activeRunId);

  const sorted = useMemo(
    () =>
      sortIssues(
        draft.issues,
        new Map(nodes.map((node) => [node.id, node.type ?? ''])),
        new Set(edges.map((edge) => edge.id)),
      ),
    [draft.issues, nodes, edges],
  );
  const canvasState = useMemo(
    () => ({
      runViews: new Map(activeRunId ? liveRun.views.map((view) => [view.id, view]) : []),
      problems: new Map(nodes.map((node) => [node.id, messagesForNode(sorted, node.id)])),
    }),
    [activeRunId, liveRun.views, nodes, sorted],
  );
  const selected = nodes.find((node) => node.id === selectedId) ?? null;

  const addNode = useCallback(
    (type: NodeType, position?: { x: number; y: number }) => {
      const spec = nodeTypeSpec(type);
      if (!spec) return;
      const id = newNodeId(
        type,
        nodes.map((node) => node.id),
      );
      // Below the lowest node's bottom edge (its measured height once rendered), so nothing overlaps.
      const bottom = nodes.reduce((max, node) => Math.max(max, node.position.y + (node.measured?.height ?? 80)), 0);
      const at = position ?? { x: 250, y: nodes.length === 0 ? 25 : bottom + 45 };
      const data = { ...spec.defaults };
      const node: FlowNode = { id, type, position: at, data, ariaLabel: nodeAccessibleName(type, data, id) };
      setNodes((current) => [...current.map((n) => ({ ...n, selected: false })), { ...node, selected: true }]);
      setSelectedId(id);
      // Keep every node in view, so the new one can be seen and reached.
      setTimeout(() => void flow.fitView(fitViewOptions), 50);
    },
    [nodes, setNodes, flow],
  );

  const connect = useCallback(
    (request: ConnectionRequest): string | null => {
      const problem = connectionProblem(request, nodes, edges);
      if (problem) return problem;
      setEdges((current) => [...current, edgeFor(request, current)]);
      return null;
    },
    [nodes, edges, setEdges],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      connect({ source: connection.source, target: connection.target, sourceHandle: connection.sourceHandle ?? null });
    },
    [connect],
  );

  const onSelectionChange = useCallback(({ nodes: chosen }: OnSelectionChangeParams) => {
    if (chosen.length === 1) setSelectedId(chosen[0]?.id ?? null);
  }, []);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    const type = event.dataTransfer.getData(paletteDragType);
    if (!nodeTypeSpec(type)) return;
    event.preventDefault();
    addNode(type as NodeType, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  const updateNodeData = (nodeId: string, data: Record<string, unknown>) => {
    setNodes((current) =>
      current.map((node) =>
        node.id === nodeId ? { ...node, data, ariaLabel: nodeAccessibleName(node.type ?? '', data, node.id) } : node,
      ),
    );
    draft.clearServerIssuesOf(nodeId);
  };

  const deleteNode = (nodeId: string) => {
    setNodes((current) => current.filter((node) => node.id !== nodeId));
    setEdges((current) => current.filter((edge) => edge.source !== nodeId && edge.target !== nodeId));
    setSelectedId(null);
  };

  const run = async (request: ExecuteAgentRequest) => {
    setRunError(null);
    if (request.agentVersion === 'draft' && draft.dirty && !(await draft.save())) {
      setRunError(new Error('The draft could not be saved, so it was not run: see the problems above.'));
      return;
    }
    setStarting(true);
    try {
      const started = await executeAgent(agent.id, request);
      setActiveRunId(started.id);
    } catch (error) {
      setRunError(error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <section className="page workbench-builder" aria-labelledby="builder-heading">
      <title>{`${draft.name || 'Agent'} · Workbench · Diatonic`}</title>
      <p>
        <Link to="/workbench">Workbench</Link> ·{' '}
        <Link to={`/workbench/agents/${encodeURIComponent(agent.id)}/runs`}>Run history</Link>
      </p>
      <h1 id="builder-heading">Agent builder</h1>
      <div className="wb-toolbar">
        <div className="field">
          <label htmlFor="wb-agent-name">Agent name</label>
          <input
            id="wb-agent-name"
            value={draft.name}
            maxLength={200}
            onChange={(event) => draft.setName(event.target.value)}
          />
        </div>
        <p className="wb-version" data-testid="agent-version">
          Draft v{draft.version}
          {draft.publishedVersion === null ? ' · not published' : ` · published v${draft.publishedVersion}`}
          {draft.dirty ? ' · unsaved changes' : ''}
        </p>
        <div className="button-row">
          <button type="button" disabled={draft.busy !== null} onClick={() => void draft.save()}>
            {draft.busy === 'saving' ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button-secondary"
            disabled={draft.busy !== null}
            onClick={() => void draft.publish()}
          >
            {draft.busy === 'publishing' ? 'Publishing…' : 'Publish'}
          </button>
        </div>
      </div>
      <div aria-live="polite" className="wb-notice" data-testid="builder-notice">
        {draft.notice ? <p className="status-ok">{draft.notice}</p> : null}
      </div>
      <SaveProblems draft={draft} graphMessages={sorted.graph} />
      <WebhookPanel agentId={agent.id} initialSecret={createdSecret} onRotated={draft.adoptServerVersion} />

      <div className="wb-layout">
        <Palette onAdd={(type) => addNode(type)} />
        <div className="wb-canvas">
          <CanvasStateContext.Provider value={canvasState}>
            <ReactFlow
              aria-label="Agent graph canvas"
              onDragOver={(event) => event.preventDefault()}
              onDrop={onDrop}
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={draft.onNodesChange}
              onEdgesChange={draft.onEdgesChange}
              onConnect={onConnect}
              onSelectionChange={onSelectionChange}
              onNodeClick={(_, node) => setSelectedId(node.id)}
              fitView
              fitViewOptions={fitViewOptions}
              proOptions={{ hideAttribution: false }}
            >
              <Background />
              <Controls />
            </ReactFlow>
          </CanvasStateContext.Provider>
        </div>
        <div className="wb-side">
          <div className="field">
            <label htmlFor="wb-select-node">Configure node</label>
            <select
              id="wb-select-node"
              value={selectedId ?? ''}
              onChange={(event) => setSelectedId(event.target.value || null)}
            >
              <option value="">Choose a node…</option>
              {nodes.map((node) => (
                <option key={node.id} value={node.id}>
                  {nodeAccessibleName(node.type ?? '', node.data, node.id)}
                </option>
              ))}
            </select>
          </div>
          {selected ? (
            <NodeConfigPanel
              key={selected.id}
              node={selected}
              nodes={nodes}
              edges={edges}
              fieldErrors={sorted.fields.get(selected.id) ?? new Map()}
              nodeMessages={sorted.nodes.get(selected.id) ?? []}
              edgeMessages={sorted.edges}
              models={models.data?.items}
              onChange={(data) => updateNodeData(selected.id, data)}
              onDelete={() => deleteNode(selected.id)}
              onConnect={connect}
              onRemoveEdge={(edgeId) => setEdges((current) => current.filter((edge) => edge.id !== edgeId))}
            />
          ) : (
            <p className="muted">Select a node on the canvas (or above) to configure it.</p>
          )}
        </div>
      </div>

      <section className="card wb-run" aria-labelledby="wb-run-heading">
        <h2 id="wb-run-heading">Run</h2>
        <RunForm publishedVersion={draft.publishedVersion} busy={starting || draft.busy !== null} onRun={run} />
        {runError ? (
          <div className="form-error" role="alert">
            <p>{describe(runError)}</p>
          </div>
        ) : null}
        {activeRunId ? <RunView liveRun={liveRun} onNewRun={setActiveRunId} /> : null}
      </section>
    </section>
  );
}

/** The builder's own messages as written; the API's refusals in plain words. */
function describe(error: unknown): string {
  if (error instanceof Error && !(error instanceof ApiError)) return error.message;
  return workbenchErrorMessage(error);
}

function SaveProblems({ draft, graphMessages }: { draft: ReturnType<typeof useAgentDraft>; graphMessages: string[] }) {
  const { error, stale, issues } = draft;
  if (!error && graphMessages.length === 0) return null;
  return (
    <div className="form-error" role="alert" data-testid="save-problems">
      {error ? <p>{describe(error)}</p> : null}
      {graphMessages.length > 0 ? (
        <ul>
          {graphMessages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {error instanceof ApiError && issues.length > 0 ? (
        <p>{issues.length} problem(s) are marked on the nodes and fields.</p>
      ) : null}
      {stale ? (
        <div className="button-row">
          <button type="button" className="button-secondary" onClick={() => void draft.reloadLatest()}>
            Load the latest version (discard my edits)
          </button>
          <button type="button" onClick={() => void draft.saveOverLatest()}>
            Save my edits over it
          </button>
        </div>
      ) : null}
    </div>
  );
}
