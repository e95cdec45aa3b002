import { describe, expect, it } from 'vitest';
import { renderTemplate, renderTemplateValue, templateIssues, templateReferences, upstreamOf } from './template.ts';

const context = {
  input: { name: 'Ada', count: 3, tags: ['a', 'b'], nested: { deep: true } },
  nodeOutputs: { fetch_1: { status: 200, body: { items: [{ id: 'x1' }] } }, 'llm-2': 'hello' },
  variables: { lang: 'en', limit: 10 },
};

describe('renderTemplate', () => {
  it('substitutes input, node outputs and variables', () => {
    const rendered = renderTemplate(
      'Hi {{input.name}} ({{ input.count }}) {{nodes.llm-2.output}} {{nodes.fetch_1.output.body.items.0.id}} {{vars.lang}}/{{vars.limit}}',
      context,
    );
    expect(rendered).toEqual({ text: 'Hi Ada (3) hello x1 en/10', missing: [] });
  });

  it('renders objects as JSON and reports missing references as empty', () => {
    expect(renderTemplate('{{input.tags}}|{{input.nested}}|{{input.missing}}|{{nodes.none.output}}', context)).toEqual({
      text: '["a","b"]|{"deep":true}||',
      missing: ['input.missing', 'nodes.none.output'],
    });
  });

  it('means the upstream output by {{input}} when the node has inputs', () => {
    expect(renderTemplate('{{input}}', { ...context, inputs: { a: 'from a' } }).text).toBe('from a');
    expect(upstreamOf({ input: 'run input', inputs: { a: 1, b: 2 } })).toEqual({ a: 1, b: 2 });
    expect(upstreamOf({ input: 'run input', inputs: {} })).toBe('run input');
  });

  it('never reaches prototype properties', () => {
    expect(renderTemplate('[{{input.constructor}}][{{input.__proto__}}][{{vars.toString}}]', context).text).toBe(
      '[][][]',
    );
  });

  it('escapes substituted values only', () => {
    expect(renderTemplate('/q?name={{input.tags}}&x=a b', context, { escape: encodeURIComponent }).text).toBe(
      '/q?name=%5B%22a%22%2C%22b%22%5D&x=a b',
    );
  });
});

describe('save-time checks', () => {
  it('reports placeholders that are not references', () => {
    expect(templateIssues('{{var.lang}} {{input}} {{ 1 + 1 }} {{nodes.x}}')).toHaveLength(3);
    expect(templateIssues('{{input}} {{vars.a}} {{nodes.x.output.y}}')).toEqual([]);
  });

  it('lists references', () => {
    expect(templateReferences('{{nodes.a.output.x}} {{vars.v}} {{input}}')).toEqual([
      { kind: 'node', nodeId: 'a', path: ['x'], raw: 'nodes.a.output.x' },
      { kind: 'var', name: 'v', path: [], raw: 'vars.v' },
      { kind: 'input', path: [], raw: 'input' },
    ]);
  });
});

describe('renderTemplateValue', () => {
  it('keeps the type of a whole-leaf placeholder and renders the rest', () => {
    const missing: string[] = [];
    expect(
      renderTemplateValue(
        { n: '{{input.count}}', s: 'x={{input.count}}', list: ['{{input.tags}}', 1, null], gone: '{{vars.nope}}' },
        context,
        missing,
      ),
    ).toEqual({ n: 3, s: 'x=3', list: [['a', 'b'], 1, null], gone: null });
    expect(missing).toEqual(['vars.nope']);
  });
});
