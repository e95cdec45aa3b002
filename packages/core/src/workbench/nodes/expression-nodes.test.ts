import { describe, expect, it } from 'vitest';
import { loadJsonata } from '../graph-libraries.ts';
import { createConditionNodeExecutor } from './condition.ts';
import { ExpressionError, evaluateExpression, jsonataTruthy } from './jsonata-expression.ts';
import { testNode, testNodeContext } from './node-test-kit.ts';
import { createTransformNodeExecutor } from './transform.ts';

// The executors' save-time checks are synchronous and expect JSONata loaded (validateGraph does it).
await loadJsonata();

const transform = createTransformNodeExecutor();
const condition = createConditionNodeExecutor();

const scope = {
  input: {
    order: {
      items: [
        { sku: 'a', qty: 2, price: 5 },
        { sku: 'b', qty: 1, price: 20 },
      ],
    },
  },
  nodeOutputs: { fetch: { status: 200, body: { ok: true } } },
  variables: { discount: 0.1 },
};

async function evaluationError(source: string, limits = {}): Promise<ExpressionError> {
  const error = await evaluateExpression(source, scope, { limits }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ExpressionError);
  return error as ExpressionError;
}

describe('transform node', () => {
  it('evaluates over input, nodes and vars', async () => {
    const node = testNode('transform', {
      expression:
        '{ "total": $sum(input.order.items.(qty * price)) * (1 - vars.discount), "ok": nodes.fetch.output.body.ok }',
    });
    const result = await transform.execute(testNodeContext(node, scope));
    expect(result).toEqual({ output: { total: 27, ok: true } });
  });

  it('outputs null when nothing matches and plain arrays for sequences', async () => {
    const none = await transform.execute(testNodeContext(testNode('transform', { expression: 'input.nope' }), scope));
    expect(none.output).toBeNull();
    const skus = await transform.execute(
      testNodeContext(testNode('transform', { expression: 'input.order.items.sku' }), scope),
    );
    expect(skus.output).toEqual(['a', 'b']);
    expect(Object.keys(skus.output as object)).toEqual(['0', '1']);
  });

  it('validates on save with the parse error and its position, without evaluating', () => {
    expect(transform.validate(testNode('transform', { expression: 'input.a' }))).toEqual([]);
    const [issue] = transform.validate(testNode('transform', { expression: 'input.a +' }, 't1'));
    expect(issue).toMatchObject({ nodeId: 't1', field: 'expression' });
    expect(issue?.message).toMatch(/position \d+/);
    expect(transform.validate(testNode('transform', { expression: '' }))).toHaveLength(1);
    expect(transform.validate(testNode('transform', {}))).toHaveLength(1);
    expect(transform.validate(testNode('transform', { expression: 'x'.repeat(10_001) }))).toHaveLength(1);
  });
});

describe('condition node', () => {
  const cases: [string, 'true' | 'false'][] = [
    ['$count(input.order.items) > 1', 'true'],
    ['input.order.items[price > 100]', 'false'],
    ['input.order.items[price > 10]', 'true'],
    ['""', 'false'],
    ['0', 'false'],
    ['"x"', 'true'],
    ['{}', 'false'],
    ['[]', 'false'],
    ['[0, ""]', 'false'],
    ['[0, 1]', 'true'],
    ['nodes.fetch.output.status = 200', 'true'],
  ];
  it.each(cases)('%s → %s', async (expression, branch) => {
    const context = testNodeContext(testNode('condition', { expression }), scope);
    const result = await condition.execute(context);
    expect(result.branch).toBe(branch);
    // The data flows on unchanged down either branch.
    expect(result.output).toEqual(scope.input);
    expect(context.logs[0]?.message).toContain(branch);
  });

  it('matches JSONata truthiness for plain values', () => {
    expect([null, false, 0, '', [], {}, [null]].map(jsonataTruthy)).toEqual(Array(7).fill(false));
    expect([true, 1, 'a', [1], { a: 1 }].map(jsonataTruthy)).toEqual(Array(5).fill(true));
  });
});

describe('expression sandbox and limits', () => {
  it('gives no route to the host', async () => {
    const escapes = [
      'input.constructor',
      '$.constructor.constructor',
      'input.__proto__',
      '$lookup(input, "constructor")',
      '$string(input.constructor)',
    ];
    for (const source of escapes) {
      expect(await evaluateExpression(source, scope)).toBeNull();
    }
    // Calls through those lookups either find nothing or fail as expression errors; none reaches JS.
    for (const source of [
      'input.constructor.constructor("return process")()',
      '$eval("$process")()',
      '$require("child_process")',
      '(input.constructor)("x")',
      '$eval("$$.constructor")',
    ]) {
      const outcome = await evaluateExpression(source, scope).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if ('error' in outcome) expect(outcome.error).toBeInstanceOf(ExpressionError);
      else expect(outcome.value).toBeNull();
    }
  });

  it('stops an endless recursion at the time or depth limit', async () => {
    const error = await evaluationError('( $f := function($n){ $f($n + 1) }; $f(0) )', { timeoutMs: 100 });
    expect(['D1011', 'D1012']).toContain(error.code);
  });

  it('stops a long loop at the time limit', async () => {
    const started = Date.now();
    const error = await evaluationError('( $f := function($n){ $n > 0 ? $f($n - 1) : 0 }; $sum([1..50000].$f(50)) )', {
      timeoutMs: 50,
      maxDepth: 10_000,
    });
    expect(error.code).toBe('D1012');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('caps list length, string length, $pad and the result size', async () => {
    expect((await evaluationError('$count([1..1000000])', { maxSequence: 1000, timeoutMs: 30_000 })).code).toBe(
      'D2015',
    );
    expect((await evaluationError('$pad("x", 100000000)', { timeoutMs: 30_000 })).code).toBe('limit_exceeded');
    expect(
      (
        await evaluationError('$reduce([1..30], function($acc, $v){ $acc & $acc }, "xy")', {
          maxStringLength: 10_000,
          timeoutMs: 30_000,
        })
      ).code,
    ).toBe('limit_exceeded');
    const big = await evaluationError('[1..5000].("item number " & $)', { maxResultBytes: 10_000, timeoutMs: 30_000 });
    expect(big.message).toMatch(/limit of 10000 bytes/);
    // The same long string many times over: refused before any serialisation.
    const started = Date.now();
    const repeated = await evaluationError('( $s := $pad("", 900000, "x"); [1..50000].($s) )', {
      timeoutMs: 30_000,
    });
    expect(repeated.code).toBe('limit_exceeded');
    for (const source of [
      '( $s := $pad("", 900000, "x"); $string([1..50000].($s)) )',
      '( $s := $pad("", 900000, "x"); $join([1..50000].($s), ",") )',
    ]) {
      expect((await evaluationError(source, { timeoutMs: 30_000 })).code).toBe('limit_exceeded');
    }
    expect(await evaluateExpression('$join(["a", "b"], "-") & $string({"x": [1]})', scope)).toBe('a-b{"x":[1]}');
    expect(await evaluateExpression('$string(1.5) & $string("s")', scope)).toBe('1.5s');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await evaluateExpression('$pad("ab", -5, "#")', scope)).toBe('###ab');
  });

  it('stops when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(evaluateExpression('1', scope, { signal: controller.signal })).rejects.toThrow();
    const live = new AbortController();
    const pending = evaluateExpression(
      '( $f := function($n){ $n > 0 ? $f($n - 1) : 0 }; $sum([1..100000].$f(20)) )',
      scope,
      {
        signal: live.signal,
        limits: { timeoutMs: 10_000 },
      },
    );
    live.abort(new Error('stopped by user'));
    await expect(pending).rejects.toThrow('stopped by user');
  });

  it('keeps each evaluation of one (cached) expression to its own stop signal and input', async () => {
    const source = '( $f := function($n){ $n > 0 ? $f($n - 1) : 0 }; $sum([1..300].$f(5)) + input )';
    const stopped = new AbortController();
    const limits = { timeoutMs: 10_000 };
    const doomed = evaluateExpression(source, { ...scope, input: 1 }, { signal: stopped.signal, limits });
    const alive = evaluateExpression(source, { ...scope, input: 2 }, { signal: new AbortController().signal, limits });
    stopped.abort(new Error('only this one'));
    await expect(doomed).rejects.toThrow('only this one');
    expect(await alive).toBe(2);
    // The same source again after a stopped evaluation: nothing of that evaluation is left on it.
    expect(await evaluateExpression(source, { ...scope, input: 3 }, { limits })).toBe(3);
  });

  it('reports evaluation errors as final ExpressionErrors with a position', async () => {
    const error = await evaluationError('input.order.items.sku + 1');
    expect(error.code).toBe('T2001');
    expect(error.position).toBeTypeOf('number');
  });
});

describe('regular expressions', () => {
  it.each([
    ['(a+)+$'],
    ['(a*)*b'],
    ['(\\w+\\s?)*$'],
    ['(a|aa)*c'],
    ['(x+x+)+y'],
    ['(.*a){12}'],
    ['(a)\\1'],
    ['(?<q>a)\\k<q>'],
  ])('refuses /%s/ on save and at run time', async (pattern) => {
    const [issue] = transform.validate(testNode('transform', { expression: `$match(input.text, /${pattern}/)` }));
    expect(issue?.message).toMatch(/not allowed/);
    // Built at run time through $eval, the same guard applies.
    const error = await evaluationError(`$eval("$match('aaaa', /${pattern.replaceAll('\\', '\\\\')}/)")`);
    expect(error.message).toMatch(/not allowed/);
  });

  it.each([['^[a-z]+@[a-z]+\\.[a-z]{2,}$'], ['(\\d{3}-)+\\d{4}'], ['(ab)+'], ['(a+)?b'], ['[(a+)+]'], ['\\(a+\\)+']])(
    'allows /%s/',
    (pattern) => {
      expect(transform.validate(testNode('transform', { expression: `$match("x", /${pattern}/)` }))).toEqual([]);
    },
  );

  it('evaluates allowed regexes and caps the scanned text', async () => {
    expect(await evaluateExpression('$replace("2026-01-05", /(\\d+)-(\\d+)-(\\d+)/, "$3.$2.$1")', scope)).toBe(
      '05.01.2026',
    );
    const long = { ...scope, input: { text: 'a'.repeat(30_000) } };
    await expect(evaluateExpression('$contains(input.text, /b/)', long)).rejects.toMatchObject({
      code: 'regex_refused',
    });
  });

  it('a catastrophic pattern never gets to run', async () => {
    const started = Date.now();
    const hostile = { ...scope, input: { text: `${'a'.repeat(40)}!` } };
    await expect(evaluateExpression('$match(input.text, /^(a+)+$/)', hostile)).rejects.toMatchObject({
      code: 'regex_refused',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
