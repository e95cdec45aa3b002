import { describe, expect, it } from 'vitest';
import { renderTemplate, renderTemplateValue, templateIssues, templateReferences } from './template.ts';

const scope = {
  input: { name: 'Ada', count: 3, tags: ['a', 'b'], nested: { deep: true } },
  nodeOutputs: { fetch_1: { status: 200, body: { items: [{ id: 'x1' }] } }, 'llm-2': 'hello' },
  variables: { lang: 'en', limit: 10 },
};

describe('renderTemplate', () => {
  it('substitutes input, node outputs and variables', () => {
    expect(
      renderTemplate(
        'Hi {{input.name}} ({{ input.count }}) {{nodes.llm-2.output}} {{nodes.fetch_1.output.body.items.0.id}} {{vars.lang}}/{{vars.limit}}',
        scope,
      ),
    ).toBe('Hi Ada (3) hello x1 en/10');
  });

  it('renders objects as JSON and missing values as empty strings', () => {
    expect(renderTemplate('{{input.tags}}|{{input.nested}}|{{input.missing}}|{{nodes.none.output}}', scope)).toBe(
      '["a","b"]|{"deep":true}||',
    );
    expect(renderTemplate('{{input}}', { ...scope, input: 'plain' })).toBe('plain');
  });

  it('never reaches prototype properties', () => {
    expect(renderTemplate('[{{input.constructor}}][{{input.__proto__}}][{{vars.toString}}]', scope)).toBe('[][][]');
  });

  it('leaves unknown placeholders alone and reports them', () => {
    expect(renderTemplate('{{var.lang}} {{ 1 + 1 }}', scope)).toBe('{{var.lang}} {{ 1 + 1 }}');
    expect(templateIssues('{{var.lang}} {{input}}')).toHaveLength(1);
    expect(templateIssues('{{input}} {{vars.a}} {{nodes.x}}')).toEqual([]);
  });

  it('escapes substituted values only', () => {
    expect(renderTemplate('/q?name={{input.tags}}&x=a b', scope, { escape: encodeURIComponent })).toBe(
      '/q?name=%5B%22a%22%2C%22b%22%5D&x=a b',
    );
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
    expect(
      renderTemplateValue({ n: '{{input.count}}', s: 'x={{input.count}}', list: ['{{input.tags}}', 1, null] }, scope),
    ).toEqual({ n: 3, s: 'x=3', list: [['a', 'b'], 1, null] });
  });
});
