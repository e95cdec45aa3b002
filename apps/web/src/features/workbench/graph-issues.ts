/**
 * Save-time problems, from the API (`invalid_input` with `details.issues: [{nodeId, field, message}]`) or
 * from the builder's own checks, sorted to where the builder shows them: beside a node's field, on the node
 * itself, on an edge, or in the list for the whole graph. Also the plain-words message for the workbench's
 * refusals whose server text says what to do (plan quota, stale edit, monthly runs).
 */
import { ApiError } from '../../api/api-error.ts';
import { plainMessage } from '../../api/error-messages.ts';
import { fieldsOf } from './node-types.ts';

export interface GraphIssue {
  nodeId: string;
  field: string;
  message: string;
}

export interface SortedIssues {
  /** node id → field key → message (first message per field). */
  fields: Map<string, Map<string, string>>;
  /** node id → messages about the node that name no field the panel shows. */
  nodes: Map<string, string[]>;
  /** edge id → messages. */
  edges: Map<string, string[]>;
  /** Messages about the graph as a whole, or naming nothing the builder has. */
  graph: string[];
  count: number;
}

/** The issues in an API error, or [] when it carries none. */
export function issuesOf(error: unknown): GraphIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'invalid_input') return [];
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const { nodeId, field, message } = issue as Record<string, unknown>;
    if (typeof nodeId !== 'string' || typeof field !== 'string' || typeof message !== 'string') return [];
    return [{ nodeId, field, message }];
  });
}

/** The panel field an issue's field belongs to: `headers.X-Key` → `headers`; known dotted keys stay. */
function panelField(type: string, field: string): string | null {
  const keys = fieldsOf(type).map((spec) => spec.key);
  if (keys.includes(field)) return field;
  const head = field.split('.')[0] ?? field;
  return keys.includes(head) ? head : null;
}

export function sortIssues(
  issues: readonly GraphIssue[],
  nodeTypes: ReadonlyMap<string, string>,
  edgeIds: ReadonlySet<string>,
): SortedIssues {
  const sorted: SortedIssues = { fields: new Map(), nodes: new Map(), edges: new Map(), graph: [], count: 0 };
  const push = (map: Map<string, string[]>, key: string, message: string) =>
    map.set(key, [...(map.get(key) ?? []), message]);
  for (const issue of issues) {
    sorted.count++;
    const type = nodeTypes.get(issue.nodeId);
    if (type !== undefined) {
      const field = panelField(type, issue.field);
      if (field === null) {
        push(sorted.nodes, issue.nodeId, issue.message);
        continue;
      }
      const fields = sorted.fields.get(issue.nodeId) ?? new Map<string, string>();
      if (!fields.has(field)) fields.set(field, issue.message);
      sorted.fields.set(issue.nodeId, fields);
    } else if (edgeIds.has(issue.nodeId)) {
      push(sorted.edges, issue.nodeId, issue.message);
    } else {
      sorted.graph.push(issue.nodeId === 'graph' ? issue.message : `${issue.nodeId}: ${issue.message}`);
    }
  }
  return sorted;
}

/** Every message about one node (its fields and itself), for the node's badge on the canvas. */
export function messagesForNode(sorted: SortedIssues, nodeId: string): string[] {
  return [...(sorted.fields.get(nodeId)?.values() ?? []), ...(sorted.nodes.get(nodeId) ?? [])];
}

/** Refusals whose server message is the useful sentence: plan quotas and limits, stale edits, run state. */
export function workbenchErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'forbidden' && error.details?.reason === 'quota') return error.message;
    if (error.code === 'budget_exceeded' && error.details?.quota) return error.message;
    if (error.code === 'conflict') return error.message;
    if (error.code === 'invalid_input' && issuesOf(error).length > 0) {
      return `The agent was not saved: ${error.message}`;
    }
  }
  return plainMessage(error);
}

export const isStaleEdit = (error: unknown) => error instanceof ApiError && error.status === 409;
