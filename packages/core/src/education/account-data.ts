/**
 * Education's part in account export and deletion (identity's account extensions): a learner's
 * enrolments and progress go into their export and are erased with their account; the modules of an
 * organisation deleted with the account are removed with it.
 */
import type { AccountDeletionContext, AccountExportContext } from '../identity/account-extensions.ts';
import type { TransactOperation } from '../ports/item-store.ts';
import { readPartition } from '../shared/partition-items.ts';
import type { EducationDeps } from './education-deps.ts';
import { enrollmentKey, learnerPartition, moduleListPartition, modulePartition, publicModuleKey } from './keys.ts';
import type { EnrollmentRecord, ModuleRecord } from './records.ts';

const enrollmentsIn = (deps: EducationDeps, orgId: string, userId: string) =>
  readPartition<EnrollmentRecord>(deps.store, { index: 'gsi1', pk: learnerPartition(orgId, userId) });

export async function exportLearning(deps: EducationDeps, context: AccountExportContext) {
  const enrollments = [];
  for (const orgId of context.organizationIds) {
    for (const item of await enrollmentsIn(deps, orgId, context.userId)) {
      const { moduleId, moduleOrgId, version, enrolledAt, completedSectionIds, quizzes, percentComplete, completedAt } =
        item.data;
      enrollments.push({
        moduleId,
        moduleOrganizationId: moduleOrgId,
        learnerOrganizationId: orgId,
        version,
        enrolledAt,
        completedSectionIds,
        quizzes,
        percentComplete,
        completedAt,
      });
    }
  }
  return { enrollments };
}

async function deleteAll(deps: EducationDeps, operations: TransactOperation[]): Promise<void> {
  for (let i = 0; i < operations.length; i += 100) await deps.store.transact(operations.slice(i, i + 100));
}

/** Removes every item of every module of an organisation that no longer exists. */
async function deleteModulesOf(deps: EducationDeps, orgId: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<ModuleRecord>({
      index: 'gsi1',
      pk: moduleListPartition(orgId),
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const head of page.items) {
      let inner: string | undefined;
      do {
        const items = await deps.store.query({
          pk: modulePartition(orgId, head.data.id),
          limit: 100,
          ...(inner ? { cursor: inner } : {}),
        });
        await deleteAll(
          deps,
          items.items.map((item) => ({ kind: 'delete', key: { pk: item.pk, sk: item.sk } })),
        );
        inner = items.nextCursor ?? undefined;
      } while (inner);
      await deps.store.delete(publicModuleKey(head.data.id));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export async function eraseLearning(deps: EducationDeps, context: AccountDeletionContext): Promise<void> {
  for (const orgId of [...context.sharedOrganizationIds, ...context.deletedOrganizationIds]) {
    const enrollments = await enrollmentsIn(deps, orgId, context.userId);
    await deleteAll(
      deps,
      enrollments.map((e) => ({
        kind: 'delete',
        key: enrollmentKey(e.data.moduleOrgId, e.data.moduleId, e.data.userId),
      })),
    );
  }
  for (const orgId of context.deletedOrganizationIds) await deleteModulesOf(deps, orgId);
}
