/**
 * Checks the builder makes before it saves, in the API's issue shape ({nodeId, field, message}), so a
 * mistake is shown beside its field at once. The API checks everything again on save (and more: JSONata
 * syntax, cycles, cron); its answer is shown the same way (graph-issues.ts).
 */
import type { GraphIssue } from './graph-issues.ts';
import { nodeTypeSpec, readPath } from './node-types.ts';

export interface NodeLike {
  id: string;
  type?: string | undefined;
  data: Record<string, unknown>;
}

export interface EdgeLike {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
}

const isInt = (value: unknown, min: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

export function nodeIssues(node: NodeLike): GraphIssue[] {
  const type = node.type ?? '';
  const issues: GraphIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ nodeId: node.id, field, message });
  const { data } = node;
  const spec = nodeTypeSpec(type);
  if (!spec) issue('type', `Unknown node type ${type}`);

  const timeoutMax = type === 'http' ? 120_000 : 900_000;
  const timeoutMin = type === 'http' ? 1 : 10;
  if (data.timeoutMs !== undefined && !isInt(data.timeoutMs, timeoutMin, timeoutMax)) {
    issue('timeoutMs', `Enter a whole number of milliseconds from ${timeoutMin} to ${timeoutMax}`);
  }
  const attempts = readPath(data, 'retry.maxAttempts');
  if (attempts !== undefined && !isInt(attempts, 1, 10))
    issue('retry.maxAttempts', 'Enter a whole number from 1 to 10');

  for (const field of spec?.fields ?? []) {
    const value = readPath(data, field.key);
    if (field.kind === 'select' && value !== undefined && !field.options?.includes(String(value))) {
      issue(field.key, `Choose one of ${field.options?.join(', ')}`);
    }
  }

  switch (type) {
    case 'trigger':
      if ((data.triggerType === 'scheduled' || data.triggerType === 'schedule') && blank(data.cron)) {
        issue('cron', 'A scheduled trigger needs a cron expression');
      }
      break;
    case 'llm':
      if (blank(data.prompt)) issue('prompt', 'Enter a prompt');
      if (
        data.temperature !== undefined &&
        !(typeof data.temperature === 'number' && data.temperature >= 0 && data.temperature <= 2)
      ) {
        issue('temperature', 'Enter a number from 0 to 2');
      }
      if (data.maxTokens !== undefined && !isInt(data.maxTokens, 1, 100_000)) {
        issue('maxTokens', 'Enter a whole number from 1 to 100000');
      }
      break;
    case 'http':
      httpIssues(data, issue);
      break;
    case 'transform':
    case 'condition':
      if (blank(data.expression)) issue('expression', 'Enter a JSONata expression');
      break;
  }
  return issues;
}

function httpIssues(data: Record<string, unknown>, issue: (field: string, message: string) => void) {
  if (blank(data.url)) issue('url', 'Enter the URL to call');
  else if (typeof data.url === 'string' && !data.url.includes('{{')) {
    let protocol = '';
    try {
      protocol = new URL(data.url).protocol;
    } catch {
      issue('url', 'The URL is not valid');
    }
    if (protocol && protocol !== 'http:' && protocol !== 'https:') issue('url', 'Use an http or https URL');
  }
  if (data.headers !== undefined) {
    if (!isObject(data.headers)) issue('headers', 'Enter a JSON object of header names and values');
    else if (Object.values(data.headers).some((value) => typeof value !== 'string')) {
      issue('headers', 'Every header value is text');
    }
  }
  const method = typeof data.method === 'string' ? data.method.toUpperCase() : 'GET';
  if (!blank(data.body) && (method === 'GET' || method === 'HEAD')) issue('body', `A ${method} request has no body`);
  if (data.maxResponseBytes !== undefined && !isInt(data.maxResponseBytes, 1, 1_048_576)) {
    issue('maxResponseBytes', 'Enter a whole number of bytes from 1 to 1048576');
  }
}

/** Whole-graph checks: at least one trigger, every node reached, condition edges leave a branch handle. */
export function graphIssues(nodes: readonly NodeLike[], edges: readonly EdgeLike[]): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const triggers = nodes.filter((node) => node.type === 'trigger');
  // Several triggers may coexist (a webhook and a schedule): each event starts only those of its kind.
  if (triggers.length === 0) {
    issues.push({ nodeId: 'graph', field: 'type', message: 'A graph needs a trigger node' });
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const targets = new Set(edges.map((edge) => edge.target));
  for (const node of nodes) {
    if (node.type !== 'trigger' && !targets.has(node.id)) {
      issues.push({ nodeId: node.id, field: 'input', message: 'Not connected: nothing leads into this node' });
    }
    issues.push(...nodeIssues(node));
  }
  for (const edge of edges) {
    const source = byId.get(edge.source);
    if (source?.type === 'condition' && edge.sourceHandle !== 'true' && edge.sourceHandle !== 'false') {
      issues.push({ nodeId: edge.id, field: 'sourceHandle', message: 'Connect from the true or false handle' });
    }
  }
  return issues;
}
