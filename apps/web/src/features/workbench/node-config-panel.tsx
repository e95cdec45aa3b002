/**
 * The configuration panel of the selected node: one labelled input per field of its type (node-types.ts),
 * each with its problem beside it (the builder's check or the API's save-time answer), the node's
 * connections (added and removed here too, so the graph can be built without dragging), and delete.
 */
import type { AiModel } from '@diatonic/api-schemas';
import { type ReactNode, useId, useState } from 'react';
import { modelOptionLabel } from '../ai/model-picker.tsx';
import { formatFieldValue, parseFieldValue } from './field-values.ts';
import type { ConnectionRequest, FlowEdge, FlowNode } from './graph-convert.ts';
import { type FieldSpec, fieldsOf, nodeTitle, nodeTypeSpec, readPath, writePath } from './node-types.ts';

interface NodeConfigPanelProps {
  node: FlowNode;
  nodes: readonly FlowNode[];
  edges: readonly FlowEdge[];
  fieldErrors: ReadonlyMap<string, string>;
  nodeMessages: readonly string[];
  edgeMessages: ReadonlyMap<string, readonly string[]>;
  models: readonly AiModel[] | undefined;
  onChange(data: Record<string, unknown>): void;
  onDelete(): void;
  /** Returns why the connection was refused, or null when it was added. */
  onConnect(connection: ConnectionRequest): string | null;
  onRemoveEdge(edgeId: string): void;
}

export function NodeConfigPanel(props: NodeConfigPanelProps) {
  const { node, fieldErrors, nodeMessages } = props;
  const type = node.type ?? '';
  const fields = fieldsOf(type).filter((field) => !field.when || field.when(node.data));
  return (
    <section className="wb-panel" aria-labelledby="wb-panel-heading">
      <h2 id="wb-panel-heading">
        {nodeTitle(type)} node <code>{node.id}</code>
      </h2>
      <p className="muted">{nodeTypeSpec(type)?.description}</p>
      {nodeMessages.length > 0 ? (
        <ul className="field-error" aria-label="Problems with this node">
          {nodeMessages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      <div className="form">
        {fields.map((field) => (
          <FieldInput
            key={`${node.id}:${field.key}`}
            field={field}
            value={readPath(node.data, field.key)}
            error={fieldErrors.get(field.key)}
            models={props.models}
            onChange={(value) => props.onChange(writePath(node.data, field.key, value))}
          />
        ))}
      </div>
      <Connections {...props} />
      <div className="button-row">
        <button type="button" className="button-danger" onClick={props.onDelete}>
          Delete node
        </button>
      </div>
    </section>
  );
}

interface FieldInputProps {
  field: FieldSpec;
  value: unknown;
  error: string | undefined;
  models: readonly AiModel[] | undefined;
  onChange(value: unknown): void;
}

function FieldInput({ field, value, error, models, onChange }: FieldInputProps) {
  const id = useId();
  // The text as typed: a half-typed number or JSON object stays on screen while it is not valid yet.
  const [text, setText] = useState(() => formatFieldValue(field.kind, value));
  const change = (next: string) => {
    setText(next);
    onChange(parseFieldValue(field.kind, next));
  };
  const describedBy = [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: field.key,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const;
  let input: ReactNode;
  if (field.kind === 'select') {
    input = (
      <select {...common} value={text} onChange={(event) => change(event.target.value)}>
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'model') {
    const known = models?.some((model) => model.id === text) ?? false;
    input = (
      <select {...common} value={text} onChange={(event) => change(event.target.value)}>
        <option value="">Default (offline model)</option>
        {models?.map((model) => (
          <option key={model.id} value={model.id}>
            {modelOptionLabel(model)}
          </option>
        ))}
        {text !== '' && !known ? <option value={text}>{text}</option> : null}
      </select>
    );
  } else if (field.kind === 'textarea' || field.kind === 'json-object') {
    input = (
      <textarea
        {...common}
        rows={field.kind === 'json-object' ? 3 : 4}
        value={text}
        onChange={(event) => change(event.target.value)}
      />
    );
  } else {
    input = (
      <input
        {...common}
        inputMode={field.kind === 'number' ? 'decimal' : undefined}
        value={text}
        onChange={(event) => change(event.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {input}
      {field.hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {field.hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Connections({ node, nodes, edges, edgeMessages, onConnect, onRemoveEdge }: NodeConfigPanelProps) {
  const handles = nodeTypeSpec(node.type ?? '')?.sourceHandles ?? [];
  const targets = nodes.filter((other) => other.id !== node.id && nodeTypeSpec(other.type ?? '')?.hasInput);
  const [target, setTarget] = useState('');
  const [handle, setHandle] = useState<string>(handles[0] ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const outgoing = edges.filter((edge) => edge.source === node.id);
  const incoming = edges.filter((edge) => edge.target === node.id);
  const nameOf = (nodeId: string) => {
    const other = nodes.find((n) => n.id === nodeId);
    return other ? `${String(other.data.label ?? other.id)} (${other.id})` : nodeId;
  };
  const connect = () => {
    const chosen = target || targets[0]?.id || '';
    const refused = onConnect({ source: node.id, target: chosen, sourceHandle: handle === '' ? null : handle });
    setProblem(refused);
  };
  return (
    <section className="wb-connections" aria-label="Connections">
      <h3>Connections</h3>
      {incoming.length + outgoing.length === 0 ? <p className="muted">Not connected.</p> : null}
      <ul className="plain-list">
        {incoming.map((edge) => (
          <li key={edge.id}>
            From {nameOf(edge.source)}
            {edge.sourceHandle ? ` (${edge.sourceHandle})` : ''}{' '}
            <button type="button" className="button-secondary" onClick={() => onRemoveEdge(edge.id)}>
              Remove
            </button>
            <EdgeMessages messages={edgeMessages.get(edge.id)} />
          </li>
        ))}
        {outgoing.map((edge) => (
          <li key={edge.id}>
            {edge.sourceHandle ? `${edge.sourceHandle} → ` : 'To '}
            {nameOf(edge.target)}{' '}
            <button type="button" className="button-secondary" onClick={() => onRemoveEdge(edge.id)}>
              Remove
            </button>
            <EdgeMessages messages={edgeMessages.get(edge.id)} />
          </li>
        ))}
      </ul>
      {handles.length > 0 && targets.length > 0 ? (
        <div className="inline-form">
          {handles.length > 1 ? (
            <div className="field">
              <label htmlFor={`${id}-handle`}>Branch</label>
              <select id={`${id}-handle`} value={handle} onChange={(event) => setHandle(event.target.value)}>
                {handles.map((h) => (
                  <option key={h ?? ''} value={h ?? ''}>
                    {h}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-target`}>Connect to</label>
            <select id={`${id}-target`} value={target} onChange={(event) => setTarget(event.target.value)}>
              {targets.map((other) => (
                <option key={other.id} value={other.id}>
                  {nameOf(other.id)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={connect}>
            Connect
          </button>
        </div>
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}

function EdgeMessages({ messages }: { messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return <span className="field-error"> {messages.join('; ')}</span>;
}
