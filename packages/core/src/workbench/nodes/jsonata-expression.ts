/**
 * JSONata for the `transform` and `condition` nodes. JSONata is a query language with no access to
 * the host: field lookups only see own data properties (`$.constructor` is undefined), and there is
 * no `require`, `import`, `Function` or `eval` of JavaScript — `$eval` evaluates JSONata again, under
 * the same limits. So it runs in-process; what remains is bounding the work it may do:
 *
 * - time: JSONata 2.2's `timeout` guardrail checks the wall clock before every evaluation step
 *   (error D1012); every step also checks `signal.aborted` through the `__evaluate_entry` hook, so a
 *   stopped run ends the evaluation at the next step when the event loop had a chance to abort it.
 * - depth: the `stack` guardrail (D1011) bounds recursion of user-defined functions.
 * - breadth: the `sequence` guardrail (D2015) caps sequence length; the `__evaluate_exit` hook also
 *   rejects any intermediate array longer than that and any intermediate string longer than
 *   `maxStringLength`, and `$pad` is replaced by a version that refuses huge widths, so no single
 *   step can allocate gigabytes before the next check.
 * - output: the result must be JSON and at most `maxResultBytes` when serialised.
 *
 * - regular expressions: the one native step that cannot be interrupted. Every regex (literal, or
 *   compiled by `$eval` at run time) goes through `GuardedRegExp` (regex-guard.ts), which refuses
 *   exponential-backtracking shapes and caps the scanned text; save-time validation reports them too.
 *
 * Known limit (documented in nodes/README.md): polynomial backtracking (`a*a*a*b`) over the capped
 * input can still take a while in one step. Moving evaluation into a worker thread with a hard
 * `terminate()` is the upgrade path if that matters.
 */
import type jsonata from 'jsonata';
import { loadedJsonata, loadJsonata } from '../graph-libraries.ts';
import { type TemplateContext, upstreamOf } from '../template.ts';
import { GuardedRegExp, regexLiteralsIn, regexProblem } from './regex-guard.ts';

export interface ExpressionLimits {
  /** Wall-clock budget for one evaluation. */
  timeoutMs: number;
  /** Deepest evaluation stack (user function recursion). */
  maxDepth: number;
  /** Longest sequence or array produced by any step. */
  maxSequence: number;
  /** Longest string produced by any step. */
  maxStringLength: number;
  /** Largest result, as UTF-8 JSON. */
  maxResultBytes: number;
}

export const defaultExpressionLimits: ExpressionLimits = {
  timeoutMs: 1_000,
  maxDepth: 300,
  maxSequence: 100_000,
  maxStringLength: 1_000_000,
  // The result is the step's output; the engine stores at most 100 000 JSON characters of it.
  maxResultBytes: 100_000,
};

/** Longest expression source accepted on save. */
export const maxExpressionLength = 10_000;

/** What an expression reads: as in templates, `input` is the upstream output (see `upstreamOf`). */
export type ExpressionScope = TemplateContext;

/** A JSONata error (syntax or evaluation) or a limit of ours, with JSONata's code and position. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  readonly code: string;
  readonly position: number | undefined;

  constructor(code: string, message: string, position?: number) {
    super(message);
    this.code = code;
    this.position = position;
  }
}

interface JsonataFailure {
  code?: unknown;
  message?: unknown;
  position?: unknown;
  token?: unknown;
}

function toExpressionError(error: unknown): ExpressionError {
  if (error instanceof ExpressionError) return error;
  const failure = (error ?? {}) as JsonataFailure;
  const code = typeof failure.code === 'string' ? failure.code : 'evaluation_failed';
  const message = typeof failure.message === 'string' ? failure.message : String(error);
  const position = typeof failure.position === 'number' ? failure.position : undefined;
  // RangeError and friends (e.g. a string over V8's length limit) come through here too.
  return new ExpressionError(code, position === undefined ? message : `${message} (at position ${position})`, position);
}

export type CompileResult = { ok: true } | { ok: false; message: string; position: number | undefined };

/**
 * Parses without evaluating anything (validation on save never runs user input). Synchronous: JSONata
 * must be loaded (validateGraph does; see graph-libraries.ts).
 */
export function checkExpression(source: string): CompileResult {
  if (source.trim() === '') return { ok: false, message: 'Enter an expression', position: undefined };
  if (source.length > maxExpressionLength) {
    return { ok: false, message: `Expression is longer than ${maxExpressionLength} characters`, position: undefined };
  }
  try {
    const compiled = loadedJsonata()(source);
    for (const regex of regexLiteralsIn(compiled.ast())) {
      const problem = regexProblem(regex.source);
      if (problem) return { ok: false, message: `/${regex.source}/: ${problem}`, position: undefined };
    }
    return { ok: true };
  } catch (error) {
    const failure = toExpressionError(error);
    return { ok: false, message: failure.message, position: failure.position };
  }
}

/** The document an expression sees: `input`, `nodes.<id>.output`, `vars.<name>` (as in templates). */
export function expressionDocument(scope: ExpressionScope): Record<string, unknown> {
  const nodes: Record<string, { output: unknown }> = {};
  for (const [id, output] of Object.entries(scope.nodeOutputs)) nodes[id] = { output };
  return { input: upstreamOf(scope) ?? null, nodes, vars: { ...scope.variables } };
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The run was stopped');
  error.name = 'AbortError';
  return error;
}

interface BuiltinFunction {
  implementation: (...args: unknown[]) => unknown;
  signature: { definition: string };
}

let builtinsLoaded: Promise<{ string: BuiltinFunction; join: BuiltinFunction }> | undefined;

/** JSONata's own $string and $join (wrapped below with size checks), read once. */
function builtins(): Promise<{ string: BuiltinFunction; join: BuiltinFunction }> {
  builtinsLoaded ??= (async () => {
    const jsonata = await loadJsonata();
    return {
      string: (await jsonata('$string').evaluate({})) as BuiltinFunction,
      join: (await jsonata('$join').evaluate({})) as BuiltinFunction,
    };
  })();
  return builtinsLoaded;
}

function limitError(message: string, position: unknown): ExpressionError {
  return new ExpressionError('limit_exceeded', message, typeof position === 'number' ? position : undefined);
}

/**
 * Evaluates an expression over `{input, nodes, vars}` within the limits and returns a plain JSON value
 * (`null` when the expression matched nothing). Throws ExpressionError, or the abort reason.
 */
export async function evaluateExpression(
  source: string,
  scope: ExpressionScope,
  options: { signal?: AbortSignal; limits?: Partial<ExpressionLimits> } = {},
): Promise<unknown> {
  const limits = { ...defaultExpressionLimits, ...options.limits };
  const signal = options.signal;
  if (signal?.aborted) throw abortError(signal);

  await loadJsonata();
  const lent = borrowCompiled(source, limits);
  try {
    return await evaluateWith(lent.expression, scope, limits, signal);
  } finally {
    lent.giveBack();
  }
}

/**
 * Compiled expressions, kept by source and limits: compiling (parsing) is most of what a small
 * expression costs, and a transform node evaluates the same source on every run. An Expression is
 * lent to one evaluation at a time, because the hooks and functions each evaluation installs on it
 * (its stop signal, its limits) and its `$now` timestamp belong to that evaluation.
 */
const compiled = new Map<string, jsonata.Expression[]>();
const maxCachedSources = 200;
const maxIdlePerSource = 8;

function borrowCompiled(
  source: string,
  limits: ExpressionLimits,
): { expression: jsonata.Expression; giveBack(): void } {
  const key = `${limits.timeoutMs}:${limits.maxDepth}:${limits.maxSequence}:${source}`;
  const idle = compiled.get(key);
  let expression = idle?.pop();
  if (!expression) {
    try {
      expression = loadedJsonata()(source, {
        timeout: limits.timeoutMs,
        stack: limits.maxDepth,
        sequence: limits.maxSequence,
        // JSONata only ever calls it with `new`; its typing asks for the callable RegExpConstructor too.
        RegexEngine: GuardedRegExp as unknown as RegExpConstructor,
      });
    } catch (error) {
      throw toExpressionError(error);
    }
  }
  const ready = expression;
  return {
    expression: ready,
    giveBack() {
      const list = compiled.get(key) ?? [];
      // Most recently used last, so the first key is the one to drop.
      compiled.delete(key);
      compiled.set(key, list);
      if (list.length < maxIdlePerSource) list.push(ready);
      if (compiled.size > maxCachedSources) compiled.delete(compiled.keys().next().value as string);
    },
  };
}

async function evaluateWith(
  expression: jsonata.Expression,
  scope: ExpressionScope,
  limits: ExpressionLimits,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  expression.assign(Symbol.for('jsonata.__evaluate_entry') as unknown as string, () => {
    if (signal?.aborted) throw abortError(signal);
  });
  expression.assign(
    Symbol.for('jsonata.__evaluate_exit') as unknown as string,
    (node: { position?: unknown }, _input: unknown, _environment: unknown, result: unknown) => {
      if (typeof result === 'string' && result.length > limits.maxStringLength) {
        throw limitError(`A value grew longer than ${limits.maxStringLength} characters`, node.position);
      }
      if (Array.isArray(result) && result.length > limits.maxSequence) {
        throw limitError(`A list grew longer than ${limits.maxSequence} items`, node.position);
      }
    },
  );
  // $string and $join build one string from many values; check the size before they allocate it.
  const { string: originalString, join: originalJoin } = await builtins();
  expression.registerFunction(
    'string',
    function (this: unknown, value: unknown, prettify?: boolean) {
      if (exceedsJsonSize(value, limits.maxStringLength)) {
        throw limitError(`$string would build more than ${limits.maxStringLength} characters`, undefined);
      }
      return originalString.implementation.call(this, value, prettify);
    },
    originalString.signature.definition,
  );
  expression.registerFunction(
    'join',
    function (this: unknown, strings: unknown, separator?: string) {
      const list = Array.isArray(strings) ? (strings as unknown[]) : [strings];
      let length = 0;
      for (const item of list) length += (typeof item === 'string' ? item.length : 0) + (separator?.length ?? 0);
      if (length > limits.maxStringLength) {
        throw limitError(`$join would build more than ${limits.maxStringLength} characters`, undefined);
      }
      return originalJoin.implementation.call(this, strings, separator);
    },
    originalJoin.signature.definition,
  );
  expression.registerFunction(
    'pad',
    (text: string | undefined, width: number, char?: string) => {
      if (text === undefined) return undefined;
      if (Math.abs(width) > limits.maxStringLength) {
        throw limitError(`$pad width is larger than ${limits.maxStringLength}`, undefined);
      }
      const filler = char === undefined || char === '' ? ' ' : char;
      const missing = Math.abs(width) - [...text].length;
      if (missing <= 0) return text;
      const padding = filler.repeat(Math.ceil(missing / [...filler].length)).slice(0, missing);
      return width > 0 ? text + padding : padding + text;
    },
    '<s-ns?:s>',
  );

  let result: unknown;
  try {
    result = await expression.evaluate(expressionDocument(scope));
  } catch (error) {
    if (signal?.aborted) throw abortError(signal);
    throw toExpressionError(error);
  }
  return toJsonResult(result, limits.maxResultBytes);
}

/**
 * A lower bound of the result's JSON length, walked with an early exit: a list holding the same long
 * string 100 000 times is cheap in memory but would make JSON.stringify build gigabytes.
 */
function exceedsJsonSize(value: unknown, limit: number): boolean {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') total += item.length + 2;
    else if (Array.isArray(item)) {
      total += item.length + 1;
      for (const child of item) stack.push(child);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        total += key.length + 4;
        stack.push(child);
      }
    } else total += 4;
    if (total > limit) return true;
  }
  return false;
}

/** JSON round trip: drops functions and JSONata's sequence flags, and measures the size. */
function toJsonResult(result: unknown, maxBytes: number): unknown {
  if (result === undefined) return null;
  if (exceedsJsonSize(result, maxBytes)) {
    throw new ExpressionError('limit_exceeded', `The result is larger than the limit of ${maxBytes} bytes`);
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(result);
  } catch (error) {
    throw toExpressionError(error);
  }
  if (text === undefined) return null;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new ExpressionError('limit_exceeded', `The result is ${bytes} bytes; the limit is ${maxBytes}`);
  }
  return JSON.parse(text);
}

/** JSONata's `$boolean` casting rules, applied to a JSON result. */
export function jsonataTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (Array.isArray(value)) return value.some(jsonataTruthy);
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return false;
}
