/**
 * Every item key education writes. A module and everything hanging off it share one partition, so a
 * single query reads the working copy (head + sections), and deleting a module is one partition sweep.
 *
 *   T#<orgId>#EDU#MOD#<moduleId> / HEAD                          the working copy (editable fields, sectionOrder)
 *   T#<orgId>#EDU#MOD#<moduleId> / SEC#<sectionId>               one section of the working copy
 *   T#<orgId>#EDU#MOD#<moduleId> / VER#<0001.0002.0000>          a published version's header (immutable)
 *   T#<orgId>#EDU#MOD#<moduleId> / VSEC#<0001.0002.0000>#<sectionId>  a section as published in that version
 *   T#<orgId>#EDU#MOD#<moduleId> / ENR#<userId>                  one learner's enrolment and progress
 *   T#<orgId>#EDU#MOD#<moduleId> / QSTAT#<sectionId>#<questionId> attempts/correct counters per quiz question
 *   T#<orgId>#EDU#MOD#<moduleId> / REVIEW#<iso>#<id>             one review decision (history)
 *
 * Indexes:
 *   gsi1 T#<orgId>#EDU#MODULES / <createdAt>#<moduleId>            every module of an organisation (HEAD)
 *   gsi2 T#<orgId>#EDU#CATALOG / <firstPublishedAt>#<moduleId>     modules learners can see (HEAD, while live)
 *   gsi1 T#<learnerOrgId>#EDU#LEARNER#<userId> / <enrolledAt>#<moduleId>  a learner's enrolments (ENR)
 *
 * Public modules (visibility `public`, published) also have a pointer in the one shared partition
 * `EDU#PUBLIC` / `MOD#<moduleId>` → organisationId, so learners of other organisations can find them.
 */
import type { ItemKey } from '../ports/item-store.ts';

export const modulePartition = (orgId: string, moduleId: string) => `T#${orgId}#EDU#MOD#${moduleId}`;
export const moduleHeadKey = (orgId: string, moduleId: string): ItemKey => ({
  pk: modulePartition(orgId, moduleId),
  sk: 'HEAD',
});
export const sectionPrefix = 'SEC#';
export const sectionKey = (orgId: string, moduleId: string, sectionId: string): ItemKey => ({
  pk: modulePartition(orgId, moduleId),
  sk: `${sectionPrefix}${sectionId}`,
});

/** `1.2.0` → `0001.0002.0000`, so versions sort as text. */
export function sortableVersion(version: string): string {
  return version
    .split('.')
    .map((part) => part.padStart(4, '0'))
    .join('.');
}
export const versionPrefix = 'VER#';
export const versionKey = (orgId: string, moduleId: string, version: string): ItemKey => ({
  pk: modulePartition(orgId, moduleId),
  sk: `${versionPrefix}${sortableVersion(version)}`,
});
export const versionSectionPrefix = (version: string) => `VSEC#${sortableVersion(version)}#`;
export const versionSectionKey = (orgId: string, moduleId: string, version: string, sectionId: string): ItemKey => ({
  pk: modulePartition(orgId, moduleId),
  sk: `${versionSectionPrefix(version)}${sectionId}`,
});

export const enrollmentPrefix = 'ENR#';
export const enrollmentKey = (orgId: string, moduleId: string, userId: string): ItemKey => ({
  pk: modulePartition(orgId, moduleId),
  sk: `${enrollmentPrefix}${userId}`,
});

export const questionStatPrefix = 'QSTAT#';
export const questionStatKey = (orgId: string, moduleId: string, sectionId: string, questionId: string): ItemKey => ({
  pk: modulePartition(orgId, moduleId),
  sk: `${questionStatPrefix}${sectionId}#${questionId}`,
});

export const reviewPrefix = 'REVIEW#';
export const reviewKey = (orgId: string, moduleId: string, atIso: string, id: string): ItemKey => ({
  pk: modulePartition(orgId, moduleId),
  sk: `${reviewPrefix}${atIso}#${id}`,
});

export const moduleListPartition = (orgId: string) => `T#${orgId}#EDU#MODULES`;
export const catalogPartition = (orgId: string) => `T#${orgId}#EDU#CATALOG`;
export const learnerPartition = (learnerOrgId: string, userId: string) => `T#${learnerOrgId}#EDU#LEARNER#${userId}`;

export const publicCatalogPartition = 'EDU#PUBLIC';
export const publicModuleKey = (moduleId: string): ItemKey => ({ pk: publicCatalogPartition, sk: `MOD#${moduleId}` });
