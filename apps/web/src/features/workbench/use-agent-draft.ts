/**
 * The agent being edited: name and graph on the canvas, the draft version they were loaded at, and
 * save (PUT with that version; a 409 means someone saved in between: reload theirs, or save over it),
 * publish (saves first) and the save-time problems (the builder's own checks and the API's answer).
 */
import type { Agent } from '@diatonic/api-schemas';
import { useQueryClient } from '@tanstack/react-query';
import { useEdgesState, useNodesState } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { getAgent, publishAgent, updateAgent } from '../../api/workbench-api.ts';
import { useSession } from '../auth/use-session.ts';
import { type FlowEdge, type FlowNode, toApiGraph, toFlow } from './graph-convert.ts';
import { type GraphIssue, isStaleEdit, issuesOf } from './graph-issues.ts';
import { graphIssues } from './node-validation.ts';
import { agentKey } from './use-workbench.ts';

type Busy = 'saving' | 'publishing' | null;

const snapshot = (name: string, nodes: readonly FlowNode[], edges: readonly FlowEdge[]) =>
  JSON.stringify({ name, graph: toApiGraph(nodes, edges) });

export function useAgentDraft(agent: Agent) {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  const initial = useMemo(() => toFlow(agent.graph), [agent.graph]);
  const [nodes, setNodes, onNodesChange] = useNodesState<FlowNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<FlowEdge>(initial.edges);
  const [name, setName] = useState(agent.name);
  const [version, setVersion] = useState(agent.version);
  const [publishedVersion, setPublishedVersion] = useState(agent.publishedVersion);
  const [saved, setSavedState] = useState(() => snapshot(agent.name, initial.nodes, initial.edges));
  // The same, readable from callbacks made before the re-render (publish right after its own save).
  const savedRef = useRef(saved);
  const setSaved = (value: string) => {
    savedRef.current = value;
    setSavedState(value);
  };
  const [serverIssues, setServerIssues] = useState<GraphIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const dirty = snapshot(name, nodes, edges) !== saved;
  // Closing or reloading the tab with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const localIssues = useMemo(() => graphIssues(nodes, edges), [nodes, edges]);
  // The builder's checks first; the API's answer adds what only it can check (JSONata syntax, cycles, cron).
  const issues = useMemo(() => {
    const seen = new Set(localIssues.map((issue) => `${issue.nodeId}\u0000${issue.field}`));
    return [...localIssues, ...serverIssues.filter((issue) => !seen.has(`${issue.nodeId}\u0000${issue.field}`))];
  }, [localIssues, serverIssues]);

  function load(latest: Agent) {
    const flow = toFlow(latest.graph);
    setNodes(flow.nodes);
    setEdges(flow.edges);
    setName(latest.name);
    setVersion(latest.version);
    setPublishedVersion(latest.publishedVersion);
    setSaved(snapshot(latest.name, flow.nodes, flow.edges));
    setServerIssues([]);
    queryClient.setQueryData(agentKey(activeOrganizationId, latest.id), latest);
  }

  async function save(atVersion = version): Promise<boolean> {
    setNotice(null);
    setError(null);
    if (name.trim() === '') {
      setError(new Error('Enter a name for the agent'));
      return false;
    }
    if (localIssues.length > 0) {
      setError(new Error(`Fix the ${localIssues.length} problem(s) marked on the nodes first`));
      return false;
    }
    setBusy('saving');
    try {
      const graph = toApiGraph(nodes, edges);
      const updated = await updateAgent(agent.id, { version: atVersion, name: name.trim(), graph });
      setVersion(updated.version);
      setPublishedVersion(updated.publishedVersion);
      setSaved(snapshot(name.trim(), nodes, edges));
      setServerIssues([]);
      setStale(false);
      queryClient.setQueryData(agentKey(activeOrganizationId, agent.id), updated);
      setNotice(`Saved draft version ${updated.version}`);
      return true;
    } catch (failure) {
      setServerIssues(issuesOf(failure));
      setStale(isStaleEdit(failure));
      setError(failure);
      return false;
    } finally {
      setBusy(null);
    }
  }

  /** After a 409: discard the edits and take the version someone else saved. */
  async function reloadLatest() {
    setError(null);
    setStale(false);
    load(await getAgent(agent.id));
    setNotice('Loaded the latest saved version');
  }

  /** After a 409: keep these edits and save them over the latest version. */
  async function saveOverLatest() {
    const latest = await getAgent(agent.id);
    setVersion(latest.version);
    await save(latest.version);
  }

  async function publish() {
    if (dirty && !(await save())) return;
    setBusy('publishing');
    setError(null);
    try {
      const published = await publishAgent(agent.id);
      setPublishedVersion(published.version);
      // Publishing changes the agent item, so its draft version moved on: the next save must send the new one.
      adoptServerVersion(await getAgent(agent.id));
      setNotice(`Published version ${published.version}`);
    } catch (failure) {
      setServerIssues(issuesOf(failure));
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  /**
   * Publish and secret rotation change the agent without changing the draft's content; take their new
   * version so the next save is not refused as stale.
   */
  function adoptServerVersion(latest: Agent) {
    const flow = toFlow(latest.graph);
    // Only when its content is what this builder last saved: someone else's edit must still be a 409.
    if (snapshot(latest.name, flow.nodes, flow.edges) === savedRef.current) setVersion(latest.version);
  }

  /** A node's settings changed: the API's earlier verdict on it may no longer hold. */
  function clearServerIssuesOf(nodeId: string) {
    setServerIssues((current) => current.filter((issue) => issue.nodeId !== nodeId));
  }

  return {
    nodes,
    edges,
    setNodes,
    setEdges,
    onNodesChange,
    onEdgesChange,
    name,
    setName,
    version,
    publishedVersion,
    dirty,
    issues,
    error,
    stale,
    busy,
    notice,
    save,
    publish,
    reloadLatest,
    saveOverLatest,
    clearServerIssuesOf,
    adoptServerVersion,
  };
}
