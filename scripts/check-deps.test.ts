import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { findViolations } from './check-deps.mjs';

describe('dependency rule', () => {
  it('holds for every workspace (core → nothing, adapters → core, web → api-schemas, api → the rest)', () => {
    expect(findViolations()).toEqual([]);
  });
});
