/**
 * Education's part in deleting an organisation (identity's OrganizationPurge). Identity then sweeps every
 * item under T#<orgId>, the modules and their enrolments included; what it cannot reach is outside:
 * - the public catalogue's pointers to the organisation's modules (`EDU#PUBLIC`);
 * - its members' enrolments in other organisations' public modules, which live in those modules'
 *   partitions (found through the learner index the sweep is about to remove).
 */
import type { OrganizationPurgeContext } from '../identity/account-extensions.ts';
import { readPartition } from '../shared/partition-items.ts';
import type { EducationDeps } from './education-deps.ts';
import { enrollmentKey, learnerPartition, moduleListPartition, publicModuleKey } from './keys.ts';
import type { EnrollmentRecord, ModuleRecord } from './records.ts';

export async function purgeOrganizationLearning(deps: EducationDeps, context: OrganizationPurgeContext): Promise<void> {
  const { organizationId } = context;
  const modules = await readPartition<ModuleRecord>(deps.store, {
    index: 'gsi1',
    pk: moduleListPartition(organizationId),
  });
  for (const head of modules) await deps.store.delete(publicModuleKey(head.data.id));
  for (const userId of context.memberUserIds) {
    const learnerIndex = { index: 'gsi1' as const, pk: learnerPartition(organizationId, userId) };
    for (const { data } of await readPartition<EnrollmentRecord>(deps.store, learnerIndex)) {
      await deps.store.delete(enrollmentKey(data.moduleOrgId, data.moduleId, data.userId));
    }
  }
}
