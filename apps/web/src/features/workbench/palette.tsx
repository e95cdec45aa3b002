/**
 * Every node type, as a button that adds it (keyboard and pointer) and as a drag source that drops it where
 * it is released on the canvas.
 */
import type { DragEvent } from 'react';
import { type NodeType, nodeTypeSpecs } from './node-types.ts';

export const paletteDragType = 'application/x-diatonic-node-type';

export function Palette({ onAdd }: { onAdd(type: NodeType): void }) {
  const onDragStart = (event: DragEvent<HTMLButtonElement>, type: NodeType) => {
    event.dataTransfer.setData(paletteDragType, type);
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <nav className="wb-palette" aria-label="Node palette">
      <h2>Nodes</h2>
      <p className="muted">Click to add, or drag onto the canvas.</p>
      <ul className="plain-list">
        {nodeTypeSpecs.map((spec) => (
          <li key={spec.type}>
            <button
              type="button"
              className={`button-secondary wb-palette-item wb-node-${spec.type}`}
              draggable
              title={spec.description}
              onDragStart={(event) => onDragStart(event, spec.type)}
              onClick={() => onAdd(spec.type)}
            >
              Add {spec.title} node
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
