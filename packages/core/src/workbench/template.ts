/**
 * Prompt and URL templates: `{{input}}` (the upstream output), `{{nodes.<id>.output}}` (optionally
 * followed by `.field` paths) and `{{vars.<name>}}`. Plain substitution only; nothing is evaluated.
 * Strings are inserted as they are, anything else as JSON. Unknown references become empty and are
 * reported, so the caller can log them.
 *
 * One renderer for the engine (llm prompts; branch `wb`) and the node types (http URL, headers and
 * body; branch `wbnodes`): `renderTemplate`, `asText` and `upstreamOf` keep the engine's signatures;
 * `templateIssues`, `templateReferences`, `renderTemplateValue` and the `escape` option are additions.
 * Paths are looked up through own properties only, so `{{input.constructor}}` is empty.
 */
import type { NodeContext } from './node-executor.ts';

const placeholder = /\{\{\s*([A-Za-z0-9_.:-]+)\s*\}\}/g;
const wholePlaceholder = /^\{\{\s*([A-Za-z0-9_.:-]+)\s*\}\}$/;
/** Any `{{…}}`, recognised or not (for save-time validation). */
const anyPlaceholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

export type TemplateContext = Pick<NodeContext, 'input' | 'inputs' | 'nodeOutputs' | 'variables'>;

export interface Rendered {
  text: string;
  missing: string[];
}

export interface RenderOptions {
  /** Applied to each substituted value (not to the literal text around it), e.g. `encodeURIComponent`. */
  escape?: (value: string) => string;
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

function resolve(reference: string, context: TemplateContext): unknown {
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

export function renderTemplate(template: string, context: TemplateContext, options: RenderOptions = {}): Rendered {
  const missing: string[] = [];
  const text = template.replace(placeholder, (_whole, reference: string) => {
    const value = resolve(reference, context);
    if (value === undefined) {
      missing.push(reference);
      return '';
    }
    return options.escape ? options.escape(asText(value)) : asText(value);
  });
  return { text, missing };
}

export type TemplateReference =
  | { kind: 'input'; path: string[]; raw: string }
  | { kind: 'node'; nodeId: string; path: string[]; raw: string }
  | { kind: 'var'; name: string; path: string[]; raw: string };

/** Parses the text between the braces; undefined when it is not one of the three reference forms. */
export function parseReference(raw: string): TemplateReference | undefined {
  if (!/^[A-Za-z0-9_.:-]+$/.test(raw)) return undefined;
  const [head, ...rest] = raw.split('.');
  if (rest.some((part) => part === '')) return undefined;
  if (head === 'input') return { kind: 'input', path: rest, raw };
  if (head === 'vars' && rest[0]) return { kind: 'var', name: rest[0], path: rest.slice(1), raw };
  if (head === 'nodes' && rest[0] && rest[1] === 'output') {
    return { kind: 'node', nodeId: rest[0], path: rest.slice(2), raw };
  }
  return undefined;
}

export function templateReferences(template: string): TemplateReference[] {
  return [...template.matchAll(anyPlaceholder)].flatMap((match) => {
    const reference = parseReference(match[1] ?? '');
    return reference ? [reference] : [];
  });
}

/** Save-time messages for placeholders that are not `input…`, `nodes.<id>.output…` or `vars.<name>…`. */
export function templateIssues(template: string): string[] {
  return [...template.matchAll(anyPlaceholder)]
    .filter((match) => !parseReference(match[1] ?? ''))
    .map(
      (match) =>
        `{{${match[1] ?? ''}}} is not a known reference; use {{input}}, {{nodes.<id>.output}} or {{vars.<name>}}`,
    );
}

/**
 * Renders the string leaves of a JSON value (an http body given as an object). A leaf that is exactly
 * one placeholder keeps the referenced value's type (`"{{input.count}}"` → 3, not "3"); missing → null.
 */
export function renderTemplateValue(value: unknown, context: TemplateContext, missing: string[] = []): unknown {
  if (typeof value === 'string') {
    const whole = wholePlaceholder.exec(value);
    if (whole) {
      const resolved = resolve(whole[1] ?? '', context);
      if (resolved === undefined) missing.push(whole[1] ?? '');
      return resolved ?? null;
    }
    const rendered = renderTemplate(value, context);
    missing.push(...rendered.missing);
    return rendered.text;
  }
  if (Array.isArray(value)) return value.map((item) => renderTemplateValue(item, context, missing));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = renderTemplateValue(item, context, missing);
    return out;
  }
  return value;
}
