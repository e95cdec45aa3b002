/**
 * Which trigger nodes a run starts from. A graph may hold several triggers (say a webhook and a
 * schedule); each event starts only the triggers of its own kind:
 *
 * - `POST /api/agents/{id}/execute` (manual): the `manual` triggers (a trigger without `triggerType`
 *   is manual);
 * - the webhook URL: the `webhook` triggers;
 * - a schedule tick: the one `scheduled` trigger whose cron fired.
 *
 * A graph with no trigger of the event's kind starts from its first trigger node (in the graph's node
 * order), so the builder's Run button and the agent's webhook URL work for every agent, as they did
 * when a graph had exactly one trigger. The other triggers, and every node reachable only from them,
 * are skipped (graph-plan.ts), as a condition's branch not taken.
 */
import type { AgentGraph, GraphNode } from './node-executor.ts';

export type TriggerEvent = { kind: 'manual' } | { kind: 'webhook' } | { kind: 'schedule'; triggerNodeId: string };

export type TriggerKind = 'manual' | 'webhook' | 'schedule';

export function triggerKind(node: GraphNode): TriggerKind {
  const kind = node.data.triggerType;
  if (kind === 'webhook') return 'webhook';
  if (kind === 'scheduled' || kind === 'schedule') return 'schedule';
  return 'manual';
}

/** Null for a graph without any trigger node (every root starts, as before triggers were told apart). */
export function startNodesFor(graph: AgentGraph, event: TriggerEvent): string[] | null {
  const triggers = graph.nodes.filter((node) => node.type === 'trigger');
  const matching =
    event.kind === 'schedule'
      ? triggers.filter((node) => node.id === event.triggerNodeId)
      : triggers.filter((node) => triggerKind(node) === event.kind);
  if (matching.length > 0) return matching.map((node) => node.id);
  const first = triggers[0];
  return first ? [first.id] : null;
}
