import { describe, expect, it } from 'vitest';
import { formatFieldValue, parseFieldValue } from './field-values.ts';

describe('configuration field values', () => {
  it('parses numbers, lists and JSON objects, and keeps text that is not yet valid as typed', () => {
    expect(parseFieldValue('number', '0.5')).toBe(0.5);
    expect(parseFieldValue('number', ' 300 ')).toBe(300);
    expect(parseFieldValue('number', '3e')).toBe('3e');
    expect(parseFieldValue('number', '')).toBeUndefined();
    expect(parseFieldValue('list', 'a.example.com, *.b.com ,')).toEqual(['a.example.com', '*.b.com']);
    expect(parseFieldValue('json-object', '{"X-Key": "v"}')).toEqual({ 'X-Key': 'v' });
    expect(parseFieldValue('json-object', '{"X-Key": ')).toBe('{"X-Key": ');
    expect(parseFieldValue('json-object', '[1]')).toBe('[1]');
    expect(parseFieldValue('text', '')).toBeUndefined();
    expect(parseFieldValue('textarea', ' {{input}} ')).toBe(' {{input}} ');
    expect(parseFieldValue('model', '')).toBeUndefined();
  });

  it('formats stored values for their input and round-trips them', () => {
    expect(formatFieldValue('number', 0.2)).toBe('0.2');
    expect(formatFieldValue('list', ['a.com', 'b.com'])).toBe('a.com, b.com');
    expect(formatFieldValue('json-object', { a: 'b' })).toBe('{\n  "a": "b"\n}');
    expect(formatFieldValue('text', undefined)).toBe('');
    for (const [kind, value] of [
      ['number', 42],
      ['list', ['x.com']],
      ['json-object', { h: 'v' }],
      ['select', 'json'],
    ] as const) {
      expect(parseFieldValue(kind, formatFieldValue(kind, value))).toEqual(value);
    }
  });
});
