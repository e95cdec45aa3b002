/**
 * The one template syntax of the workbench, shared by the engine (llm prompts) and the node types
 * (http URL, headers, body): `{{input}}`, `{{input.a.b}}`, `{{nodes.<id>.output}}`,
 * `{{nodes.<id>.output.field.0}}`, `{{vars.<name>}}`. Whitespace inside the braces is ignored.
 *
 * Rendering never evaluates code: a reference is a dotted path looked up through own properties only
 * (so `{{input.constructor}}` is empty, not a function). Strings render as they are, numbers and
 * booleans with `String`, objects and arrays as JSON, missing values and null as the empty string.
 * Anything between braces that is not one of the three roots is left as written, and reported by
 * `templateIssues` so the builder can flag a typo such as `{{var.x}}`.
 */

export interface TemplateScope {
  input: unknown;
  /** Outputs of finished nodes by node id (NodeContext.nodeOutputs). */
  nodeOutputs: Readonly<Record<string, unknown>>;
  variables: Readonly<Record<string, unknown>>;
}

export type TemplateReference =
  | { kind: 'input'; path: string[]; raw: string }
  | { kind: 'node'; nodeId: string; path: string[]; raw: string }
  | { kind: 'var'; name: string; path: string[]; raw: string };

export interface RenderOptions {
  /** Applied to each substituted value (not to the literal text around it), e.g. `encodeURIComponent`. */
  escape?: (value: string) => string;
}

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;
const segment = /^[A-Za-z0-9_$-]+$/;

/** Parses the text between the braces; undefined when it is not one of our references. */
export function parseReference(raw: string): TemplateReference | undefined {
  const parts = raw.split('.');
  if (parts.some((part) => !segment.test(part))) return undefined;
  const [root, ...rest] = parts;
  if (root === 'input') return { kind: 'input', path: rest, raw };
  if (root === 'vars' && rest.length >= 1) {
    const [name, ...path] = rest as [string, ...string[]];
    return { kind: 'var', name, path, raw };
  }
  // `nodes.<id>` alone means the same as `nodes.<id>.output`: the node's output is all there is.
  if (root === 'nodes' && rest.length >= 1) {
    const [nodeId, ...path] = rest as [string, ...string[]];
    return { kind: 'node', nodeId, path: path[0] === 'output' ? path.slice(1) : path, raw };
  }
  return undefined;
}

/** Every `{{…}}` in the template, recognised or not (`reference` is undefined for unknown ones). */
export function scanTemplate(template: string): { raw: string; reference: TemplateReference | undefined }[] {
  return [...template.matchAll(placeholder)].map((match) => {
    const raw = match[1] ?? '';
    return { raw, reference: parseReference(raw) };
  });
}

export function templateReferences(template: string): TemplateReference[] {
  return scanTemplate(template).flatMap((entry) => (entry.reference ? [entry.reference] : []));
}

/** Messages for placeholders that are not `input`, `nodes.<id>…` or `vars.<name>…`. */
export function templateIssues(template: string): string[] {
  return scanTemplate(template)
    .filter((entry) => !entry.reference)
    .map(
      (entry) => `{{${entry.raw}}} is not a known reference; use {{input}}, {{nodes.<id>.output}} or {{vars.<name>}}`,
    );
}

function lookupPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function resolveReference(reference: TemplateReference, scope: TemplateScope): unknown {
  switch (reference.kind) {
    case 'input':
      return lookupPath(scope.input, reference.path);
    case 'node':
      return Object.hasOwn(scope.nodeOutputs, reference.nodeId)
        ? lookupPath(scope.nodeOutputs[reference.nodeId], reference.path)
        : undefined;
    case 'var':
      return Object.hasOwn(scope.variables, reference.name)
        ? lookupPath(scope.variables[reference.name], reference.path)
        : undefined;
  }
}

export function stringifyTemplateValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

export function renderTemplate(template: string, scope: TemplateScope, options: RenderOptions = {}): string {
  return template.replace(placeholder, (whole, raw: string) => {
    const reference = parseReference(raw);
    if (!reference) return whole;
    const text = stringifyTemplateValue(resolveReference(reference, scope));
    return options.escape ? options.escape(text) : text;
  });
}

/**
 * Renders the string leaves of a JSON value (an http body given as an object). A leaf that is exactly
 * one placeholder keeps the referenced value's type (`"{{input.count}}"` → 3, not "3").
 */
export function renderTemplateValue(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(value);
    const reference = whole ? parseReference(whole[1] ?? '') : undefined;
    if (reference) return resolveReference(reference, scope) ?? null;
    return renderTemplate(value, scope);
  }
  if (Array.isArray(value)) return value.map((item) => renderTemplateValue(item, scope));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = renderTemplateValue(item, scope);
    return out;
  }
  return value;
}
