/**
 * Published versions never change once their header exists (approve writes the section snapshots
 * first and the header last, with `notExists`), so each process keeps the ones it read most recently:
 * the catalog and the module player then read only what does change (heads and enrolments). What is
 * derived from a version alone (the learner's section views) is kept with it, computed once.
 *
 * Nothing is ever invalidated: a header that is absent is not cached, and a deleted module is gone
 * from its head first, which every caller reads before a version. Safe across processes for the same
 * reason. Bounded by entry count (least recently used goes first).
 */
import type { SectionRecord, VersionRecord } from './records.ts';

export interface CachedVersion {
  header: VersionRecord;
  /** In the version's order; absent while only the header was needed (catalog). */
  sections?: SectionRecord[];
  /** Derived values computed once per version (e.g. learner section views), by name. */
  derived: Map<string, unknown>;
}

export interface VersionCache {
  get(key: string): CachedVersion | undefined;
  /** Stores the header (and the sections when known); keeps derived values of an existing entry. */
  remember(key: string, header: VersionRecord, sections?: SectionRecord[]): CachedVersion;
}

export const defaultVersionCacheSize = 200;

export function createVersionCache(capacity = defaultVersionCacheSize): VersionCache {
  const entries = new Map<string, CachedVersion>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry) {
        // Map keeps insertion order: re-inserting marks the entry most recently used.
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
    remember(key, header, sections) {
      const existing = entries.get(key);
      const entry: CachedVersion = existing ?? { header: deepFreeze(header), derived: new Map() };
      if (sections && !entry.sections) entry.sections = deepFreeze(sections);
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > capacity) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
      return entry;
    },
  };
}

/** Shared between requests, so nobody may change them: a write throws (ES modules are strict). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A value derived from a cached version, computed on first use. */
export function derivedOf<T>(entry: CachedVersion, name: string, compute: () => T): T {
  if (entry.derived.has(name)) return entry.derived.get(name) as T;
  const value = compute();
  entry.derived.set(name, value);
  return value;
}
