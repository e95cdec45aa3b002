import { describe, expect, it } from 'vitest';
import type { SectionRecord, VersionRecord } from './records.ts';
import { createVersionCache, derivedOf } from './version-cache.ts';

const header = (version: string) =>
  ({ version, sectionOrder: ['sec_a'], module: { tags: ['x'] } }) as unknown as VersionRecord;
const section = { id: 'sec_a', contentData: { markdown: 'hi' } } as unknown as SectionRecord;

describe('version cache', () => {
  it('keeps the most recently used versions up to its capacity', () => {
    const cache = createVersionCache(2);
    cache.remember('a', header('1.0.0'));
    cache.remember('b', header('1.1.0'));
    cache.get('a'); // a is now the most recent
    cache.remember('c', header('1.2.0'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.header.version).toBe('1.0.0');
    expect(cache.get('c')?.header.version).toBe('1.2.0');
  });

  it('adds the sections to a header-only entry and keeps what was derived', () => {
    const cache = createVersionCache();
    const entry = cache.remember('a', header('1.0.0'));
    expect(entry.sections).toBeUndefined();
    let computed = 0;
    expect(derivedOf(entry, 'views', () => ++computed)).toBe(1);
    const again = cache.remember('a', header('1.0.0'), [section]);
    expect(again.sections).toHaveLength(1);
    expect(derivedOf(again, 'views', () => ++computed)).toBe(1);
  });

  it('freezes what it shares between requests', () => {
    const cache = createVersionCache();
    const entry = cache.remember('a', header('1.0.0'), [{ ...section, contentData: { markdown: 'hi' } }]);
    expect(() => {
      (entry.header.module.tags as string[]).push('y');
    }).toThrow(TypeError);
    expect(() => {
      (entry.sections?.[0]?.contentData as { markdown: string }).markdown = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps nothing with a capacity of 0', () => {
    const cache = createVersionCache(0);
    expect(cache.remember('a', header('1.0.0')).header.version).toBe('1.0.0');
    expect(cache.get('a')).toBeUndefined();
  });
});
