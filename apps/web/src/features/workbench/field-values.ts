/**
 * What a configuration field's input shows for a value in node `data`, and what typing turns into.
 * Empty input removes the key (the engine's default applies). Text that cannot be the field's type is
 * kept as typed, so the client check (node-validation.ts) and the API both name the field, instead of the
 * panel silently dropping the edit.
 */
import type { FieldKind } from './node-types.ts';

export function formatFieldValue(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'list' && Array.isArray(value)) return value.join(', ');
  if (kind === 'json-object' && typeof value === 'object') return JSON.stringify(value, null, 2);
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function parseFieldValue(kind: FieldKind, text: string): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case 'number':
      if (trimmed === '') return undefined;
      return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : text;
    case 'list':
      if (trimmed === '') return undefined;
      return trimmed
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
    case 'json-object':
      if (trimmed === '') return undefined;
      try {
        const parsed: unknown = JSON.parse(trimmed);
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : text;
      } catch {
        return text;
      }
    case 'select':
    case 'model':
      return trimmed === '' ? undefined : text;
    default:
      return text === '' ? undefined : text;
  }
}
