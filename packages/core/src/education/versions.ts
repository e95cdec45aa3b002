/**
 * Published versions: immutable snapshots of the working copy taken at approval. The first is 1.0.0;
 * later ones bump the minor number, or the major number when a section was removed (a learner's
 * progress may point at it). Sections marked `draft` are left out of a snapshot.
 */
import type { ItemKey, StoredItem } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { locateModule, queryAll } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { modulePartition, versionKey, versionPrefix, versionSectionPrefix } from './keys.ts';
import type { ModuleRecord, SectionRecord, VersionRecord } from './records.ts';
import type { CachedVersion } from './version-cache.ts';

export interface PublishedVersion {
  header: VersionRecord;
  /** In the version's order. */
  sections: SectionRecord[];
}

export async function loadVersion(
  deps: EducationDeps,
  orgId: string,
  moduleId: string,
  version: string,
): Promise<(PublishedVersion & { cached: CachedVersion }) | undefined> {
  const key = versionKey(orgId, moduleId, version);
  const cacheKey = `${key.pk}|${key.sk}`;
  const hit = deps.versions.get(cacheKey);
  if (hit?.sections) return { header: hit.header, sections: hit.sections, cached: hit };
  const [header, sectionItems] = await Promise.all([
    hit ? { data: hit.header } : deps.store.get<VersionRecord>(key),
    queryAll<SectionRecord>(deps, modulePartition(orgId, moduleId), versionSectionPrefix(version)),
  ]);
  if (!header) return undefined;
  const byId = new Map(sectionItems.map((item) => [item.data.id, item.data]));
  const sections = header.data.sectionOrder.flatMap((id) => {
    const section = byId.get(id);
    return section ? [section] : [];
  });
  const cached = deps.versions.remember(cacheKey, header.data, sections);
  return { header: cached.header, sections: cached.sections ?? sections, cached };
}

/** Headers of published versions (`[orgId, moduleId, version]`), from the cache or one batched read. */
export async function loadVersionHeaders(
  deps: EducationDeps,
  wanted: readonly (readonly [orgId: string, moduleId: string, version: string])[],
): Promise<Map<string, VersionRecord>> {
  const found = new Map<string, VersionRecord>();
  const missing: ItemKey[] = [];
  for (const [orgId, moduleId, version] of wanted) {
    const key = versionKey(orgId, moduleId, version);
    const hit = deps.versions.get(`${key.pk}|${key.sk}`);
    if (hit) found.set(moduleId, hit.header);
    else missing.push(key);
  }
  for (let i = 0; i < missing.length; i += 100) {
    for (const item of await deps.store.getMany<VersionRecord>(missing.slice(i, i + 100))) {
      found.set(item.data.moduleId, deps.versions.remember(`${item.pk}|${item.sk}`, item.data).header);
    }
  }
  return found;
}

/** Loads a version that must exist (it is referenced by a head or an enrolment). */
export async function requireVersion(deps: EducationDeps, module: ModuleRecord, version: string) {
  const published = await loadVersion(deps, module.organizationId, module.id, version);
  if (!published) throw new AppError('internal', `Version ${version} of module ${module.id} is missing`);
  return published;
}

const sectionFingerprint = (section: SectionRecord) =>
  JSON.stringify([
    section.title,
    section.contentType,
    section.contentData,
    section.duration,
    section.required,
    section.asset,
  ]);

/** The next version number and what changed since `previous`. */
export function nextVersion(
  previous: PublishedVersion | undefined,
  sections: readonly SectionRecord[],
): { version: string; changes: VersionRecord['changes'] } {
  if (!previous) return { version: '1.0.0', changes: { added: sections.map((s) => s.id), removed: [], changed: [] } };
  const before = new Map(previous.sections.map((section) => [section.id, section]));
  const now = new Set(sections.map((section) => section.id));
  const added = sections.filter((section) => !before.has(section.id)).map((section) => section.id);
  const removed = previous.sections.filter((section) => !now.has(section.id)).map((section) => section.id);
  const changed = sections
    .filter((section) => {
      const old = before.get(section.id);
      return old !== undefined && sectionFingerprint(old) !== sectionFingerprint(section);
    })
    .map((section) => section.id);
  const [major = 1, minor = 0] = previous.header.version.split('.').map(Number);
  const version = removed.length > 0 ? `${major + 1}.0.0` : `${major}.${minor + 1}.0`;
  return { version, changes: { added, removed, changed } };
}

export interface VersionSummary {
  version: string;
  publishedAt: string;
  approvedBy: string;
  title: string;
  sectionCount: number;
  changes: VersionRecord['changes'];
}

/** Every published version of a module the caller can see, newest first. */
export async function listVersions(deps: EducationDeps, actor: Actor, moduleId: unknown): Promise<VersionSummary[]> {
  const { head } = await locateModule(deps, actor, moduleId);
  const items: StoredItem<VersionRecord>[] = await queryAll<VersionRecord>(
    deps,
    modulePartition(head.data.organizationId, head.data.id),
    versionPrefix,
  );
  return items
    .map((item) => item.data)
    .reverse()
    .map((v) => ({
      version: v.version,
      publishedAt: v.publishedAt,
      approvedBy: v.approvedBy,
      title: v.module.title,
      sectionCount: v.sectionOrder.length,
      changes: v.changes,
    }));
}
