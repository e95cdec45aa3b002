/**
 * Prompt and URL templates: `{{input}}` (the upstream output), `{{nodes.<id>.output}}` (optionally
 * followed by `.field` paths) and `{{vars.<name>}}`. Plain substitution only; nothing is evaluated.
 * Strings are inserted as they are, anything else as JSON. Unknown references become empty and are
 * reported, so the caller can log them.
 */
import type { NodeContext } from './node-executor.ts';

const placeholder = /\{\{\s*([A-Za-z0-9_.:-]+)\s*\}\}/g;

export interface Rendered {
  text: string;
  missing: string[];
}

/** The upstream output: the single feeding node's output, several as an object by id, else the run input. */
export function upstreamOf(context: Pick<NodeContext, 'inputs' | 'input'>): unknown {
  const inputs = context.inputs ?? {};
  const values = Object.values(inputs);
  if (values.length === 1) return values[0];
  if (values.length > 1) return inputs;
  return context.input;
}

function walk(value: unknown, path: string[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function resolve(reference: string, context: NodeContext): unknown {
  const [head, ...rest] = reference.split('.');
  if (head === 'input') return walk(upstreamOf(context), rest);
  if (head === 'vars') return walk(context.variables, rest);
  if (head === 'nodes') {
    const [nodeId, field, ...path] = rest;
    if (!nodeId || field !== 'output' || !Object.hasOwn(context.nodeOutputs, nodeId)) return undefined;
    return walk(context.nodeOutputs[nodeId], path);
  }
  return undefined;
}

export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? '';
}

export function renderTemplate(template: string, context: NodeContext): Rendered {
  const missing: string[] = [];
  const text = template.replace(placeholder, (_whole, reference: string) => {
    const value = resolve(reference, context);
    if (value === undefined) {
      missing.push(reference);
      return '';
    }
    return asText(value);
  });
  return { text, missing };
}
