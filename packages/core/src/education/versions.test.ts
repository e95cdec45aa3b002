import { describe, expect, it } from 'vitest';
import type { SectionRecord, VersionRecord } from './records.ts';
import { nextVersion } from './versions.ts';

const section = (id: string, markdown = id): SectionRecord => ({
  id,
  moduleId: 'mod_x',
  title: id,
  contentType: 'text',
  contentData: { markdown },
  duration: null,
  status: 'published',
  required: true,
  asset: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const published = (version: string, sections: SectionRecord[]) => ({
  header: { version, sectionOrder: sections.map((s) => s.id) } as VersionRecord,
  sections,
});

describe('nextVersion', () => {
  it('starts at 1.0.0', () => {
    expect(nextVersion(undefined, [section('a')])).toEqual({
      version: '1.0.0',
      changes: { added: ['a'], removed: [], changed: [] },
    });
  });

  it('bumps the minor number for added or changed sections', () => {
    const before = published('1.2.0', [section('a'), section('b')]);
    expect(nextVersion(before, [section('a', 'new'), section('b'), section('c')])).toEqual({
      version: '1.3.0',
      changes: { added: ['c'], removed: [], changed: ['a'] },
    });
  });

  it('bumps the major number when a section was removed', () => {
    const before = published('1.2.0', [section('a'), section('b')]);
    expect(nextVersion(before, [section('a')])).toEqual({
      version: '2.0.0',
      changes: { added: [], removed: ['b'], changed: [] },
    });
  });
});
