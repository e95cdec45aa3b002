/**
 * A node on the canvas: its type, label, run state (coloured as it changes), tokens, cost and duration
 * of the live run, and the save-time problems that name it. Handles: an input on top (not on the
 * trigger), outputs at the bottom: one, none (output), or `true` and `false` (condition). The wrapper React
 * Flow renders carries the accessible name ("LLM node: Summarise"), set in graph-convert.ts.
 */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { createContext, useContext } from 'react';
import { formatUsd } from '../ai/money.ts';
import { nodeTitle, nodeTypeSpec } from './node-types.ts';
import { formatDuration, type NodeView } from './run-state.ts';

export interface CanvasState {
  /** node id → the live run's view of it. */
  runViews: ReadonlyMap<string, NodeView>;
  /** node id → save-time problems. */
  problems: ReadonlyMap<string, readonly string[]>;
}

export const CanvasStateContext = createContext<CanvasState>({ runViews: new Map(), problems: new Map() });

export function WorkbenchNode({ id, type, data, selected }: NodeProps) {
  const { runViews, problems } = useContext(CanvasStateContext);
  const spec = nodeTypeSpec(type);
  const view = runViews.get(id);
  const messages = problems.get(id) ?? [];
  const label = typeof data.label === 'string' && data.label !== '' ? data.label : id;
  const handles = spec?.sourceHandles ?? [null];
  const state = view?.state ?? 'idle';
  return (
    <div
      className={`wb-node wb-node-${type} wb-state-${state}${selected ? ' wb-node-selected' : ''}${messages.length > 0 ? ' wb-node-invalid' : ''}`}
      data-state={state}
    >
      {spec?.hasInput !== false ? <Handle type="target" position={Position.Top} aria-label="Input" /> : null}
      <div className="wb-node-type">{nodeTitle(type)}</div>
      <div className="wb-node-label">{label}</div>
      <div className="wb-node-id">{id}</div>
      {view ? (
        <div className="wb-node-run">
          <span className="wb-node-state">{view.state}</span>
          <span>
            {view.tokens} tok · {formatUsd(view.costMicroUsd)} · {formatDuration(view.durationMs)}
          </span>
        </div>
      ) : null}
      {messages.length > 0 ? (
        <ul className="wb-node-problems">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {handles.map((handle, index) => (
        <Handle
          key={handle ?? 'out'}
          id={handle ?? undefined}
          type="source"
          position={Position.Bottom}
          style={handles.length > 1 ? { left: `${((index + 1) * 100) / (handles.length + 1)}%` } : undefined}
          className={handle ? `wb-handle-${handle}` : undefined}
          aria-label={handle ? `${handle} branch` : 'Output'}
        >
          {handle ? <span className="wb-handle-label">{handle}</span> : null}
        </Handle>
      ))}
    </div>
  );
}
