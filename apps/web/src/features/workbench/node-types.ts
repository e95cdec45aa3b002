/**
 * The node types the builder offers, with the fields of each one's configuration panel. Types and field
 * names are the API's (and the existing Diatonic front end's: `trigger`/`triggerType`, `llm`/`prompt`,
 * `output`/`outputFormat`); a field's `key` is its path in the node's `data`, which is also the `field`
 * the API names in a save-time problem.
 */

export type NodeType = 'trigger' | 'llm' | 'http' | 'transform' | 'condition' | 'output';

export type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'model' | 'json-object' | 'list';

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  options?: readonly string[];
  hint?: string;
  /** Shown only when this returns true for the node's data (e.g. cron for scheduled triggers). */
  when?: (data: Record<string, unknown>) => boolean;
}

export interface NodeTypeSpec {
  type: NodeType;
  /** The name people read: palette button, accessible name of the node. */
  title: string;
  description: string;
  /** The `data` of a node added from the palette. */
  defaults: Record<string, unknown>;
  fields: readonly FieldSpec[];
  /** Output handles: a condition has `true` and `false`; output nodes have none; others one unnamed. */
  sourceHandles: readonly (string | null)[];
  /** Whether anything may connect into it (not into the trigger). */
  hasInput: boolean;
}

const scheduled = (data: Record<string, unknown>) =>
  data.triggerType === 'scheduled' || data.triggerType === 'schedule';

/** Every node may set these; the engine reads them (node-policy.ts). */
export const policyFields: readonly FieldSpec[] = [
  { key: 'timeoutMs', label: 'Timeout (ms)', kind: 'number', hint: 'Empty: the default for this node type' },
  { key: 'retry.maxAttempts', label: 'Attempts', kind: 'number', hint: 'Retries apply to retryable errors only' },
];

export const nodeTypeSpecs: readonly NodeTypeSpec[] = [
  {
    type: 'trigger',
    title: 'Trigger',
    description: 'Where a run starts: by hand, by webhook or on a schedule',
    defaults: { label: 'Start Trigger', triggerType: 'manual' },
    fields: [
      {
        key: 'triggerType',
        label: 'Trigger type',
        kind: 'select',
        options: ['manual', 'webhook', 'scheduled'],
        hint: 'A graph may have several triggers; each event starts only its own kind: Run starts the manual ones, the webhook URL the webhook ones, each schedule its own. Without one of that kind, the first trigger starts. Nodes reached only from the other triggers are skipped.',
      },
      { key: 'cron', label: 'Cron expression', kind: 'text', hint: 'Five fields, e.g. 0 9 * * 1-5', when: scheduled },
      { key: 'timezone', label: 'Time zone', kind: 'text', hint: 'IANA name; default UTC', when: scheduled },
    ],
    sourceHandles: [null],
    hasInput: false,
  },
  {
    type: 'llm',
    title: 'LLM',
    description: 'A model call through the AI gateway; tokens stream to the run log',
    defaults: { label: 'LLM Processor', prompt: 'You are a helpful assistant. {{input}}' },
    fields: [
      {
        key: 'prompt',
        label: 'Prompt',
        kind: 'textarea',
        hint: 'Template: {{input}}, {{nodes.<id>.output}}, {{vars.<name>}}',
      },
      { key: 'model', label: 'Model', kind: 'model' },
      { key: 'system', label: 'System prompt', kind: 'textarea' },
      { key: 'temperature', label: 'Temperature', kind: 'number', hint: '0 to 2' },
      { key: 'maxTokens', label: 'Max tokens', kind: 'number', hint: '1 to 100000' },
    ],
    sourceHandles: [null],
    hasInput: true,
  },
  {
    type: 'http',
    title: 'HTTP request',
    description: 'Calls a public URL (private and internal addresses are refused)',
    defaults: { label: 'HTTP request', method: 'GET', url: 'https://example.com/' },
    fields: [
      { key: 'method', label: 'Method', kind: 'select', options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] },
      { key: 'url', label: 'URL', kind: 'text', hint: 'Template, e.g. https://api.example.com/items/{{input.id}}' },
      { key: 'headers', label: 'Headers', kind: 'json-object', hint: 'JSON object of name → value' },
      { key: 'body', label: 'Body', kind: 'textarea', hint: 'Template text or JSON' },
      { key: 'allowedHosts', label: 'Allowed hosts', kind: 'list', hint: 'Comma-separated, e.g. api.example.com' },
      { key: 'maxResponseBytes', label: 'Max response bytes', kind: 'number' },
    ],
    sourceHandles: [null],
    hasInput: true,
  },
  {
    type: 'transform',
    title: 'Transform',
    description: 'Reshapes data with a JSONata expression',
    defaults: { label: 'Transform', expression: 'input' },
    fields: [
      {
        key: 'expression',
        label: 'Expression',
        kind: 'textarea',
        hint: 'JSONata over {input, nodes, vars}',
      },
    ],
    sourceHandles: [null],
    hasInput: true,
  },
  {
    type: 'condition',
    title: 'Condition',
    description: 'Follows its true or false branch by a JSONata expression',
    defaults: { label: 'Condition', expression: '$length($string(input)) > 0' },
    fields: [
      {
        key: 'expression',
        label: 'Expression',
        kind: 'textarea',
        hint: 'JSONata over {input, nodes, vars}; truthy → true branch',
      },
    ],
    sourceHandles: ['true', 'false'],
    hasInput: true,
  },
  {
    type: 'output',
    title: 'Output',
    description: "The run's result",
    defaults: { label: 'Output', outputFormat: 'text' },
    fields: [{ key: 'outputFormat', label: 'Output format', kind: 'select', options: ['text', 'json', 'markdown'] }],
    sourceHandles: [],
    hasInput: true,
  },
];

const byType = new Map<string, NodeTypeSpec>(nodeTypeSpecs.map((spec) => [spec.type, spec]));

export function nodeTypeSpec(type: string): NodeTypeSpec | undefined {
  return byType.get(type);
}

export function nodeTitle(type: string): string {
  return byType.get(type)?.title ?? type;
}

/** The fields the panel shows for a node: its type's, then label and the policy fields. */
export function fieldsOf(type: string): readonly FieldSpec[] {
  const label: FieldSpec = { key: 'label', label: 'Label', kind: 'text' };
  return [label, ...(byType.get(type)?.fields ?? []), ...policyFields];
}

/** A value at a dotted path in node data (`retry.maxAttempts`). */
export function readPath(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A copy of `data` with the path set, or removed when `value` is undefined (empty parents removed too). */
export function writePath(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return data;
  const copy = { ...data };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = copy[head];
  const next = writePath(
    typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : {},
    rest.join('.'),
    value,
  );
  if (Object.keys(next).length === 0) delete copy[head];
  else copy[head] = next;
  return copy;
}
