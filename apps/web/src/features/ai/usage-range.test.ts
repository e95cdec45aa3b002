import { describe, expect, it } from 'vitest';
import { daysOf, rangeProblem, rangeQuery, thisMonth } from './usage-range.ts';

describe('usage range', () => {
  it('defaults to the current UTC month, ends inclusive', () => {
    expect(thisMonth(Date.parse('2026-02-14T23:30:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(thisMonth(Date.parse('2024-12-31T00:00:00Z'))).toEqual({ from: '2024-12-01', to: '2024-12-31' });
  });

  it('sends the end as the next day (exclusive) and lists every day', () => {
    const range = { from: '2026-02-27', to: '2026-03-01' };
    expect(rangeQuery(range)).toEqual({ from: '2026-02-27', to: '2026-03-02' });
    expect(daysOf(range)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });

  it('refuses reversed, missing and over-long ranges', () => {
    expect(rangeProblem({ from: '2026-03-02', to: '2026-03-01' })).toMatch(/before/);
    expect(rangeProblem({ from: '', to: '2026-03-01' })).toMatch(/both/);
    expect(rangeProblem({ from: '2025-01-01', to: '2026-01-02' })).toMatch(/366/);
    expect(rangeProblem({ from: '2025-01-01', to: '2026-01-01' })).toBeNull();
  });
});
