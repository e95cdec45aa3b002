/**
 * Education (issue 4): modules and their sections, review and publishing of immutable versions,
 * learners' enrolments and progress, instructor insights, and the `module` upload owner.
 * `createEducation` binds the use cases to their dependencies; the API calls only this facade.
 */
import type { Notify } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { JobHandlers, JobQueue } from '../ports/job-queue.ts';
import type { Actor } from '../shared/actor.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { createIds, type Ids } from '../shared/ids.ts';
import { eraseLearning, exportLearning } from './account-data.ts';
import { assetDownload, assetLink } from './asset-download.ts';
import { catalog } from './catalog.ts';
import { createModule } from './create-module.ts';
import { deleteModule } from './delete-module.ts';
import type { EducationDeps } from './education-deps.ts';
import { enroll } from './enroll.ts';
import { getModule } from './get-module.ts';
import { insights } from './insights.ts';
import { listModules } from './list-modules.ts';
import { discardModuleFiles, discardModuleFilesJob, type ModuleUploads } from './module-files.ts';
import { createModuleUploadOwner } from './module-upload-owner.ts';
import { myLearning } from './my-learning.ts';
import { attemptQuiz, completeSection, moveToLatest } from './progress.ts';
import { purgeOrganizationLearning } from './purge-organization.ts';
import { approve, archive, reject, submit } from './review.ts';
import { createSection, deleteSection, reorderSections, updateSection } from './sections.ts';
import { updateModule } from './update-module.ts';
import { createVersionCache } from './version-cache.ts';
import { listVersions } from './versions.ts';

export interface EducationOptions {
  store: ItemStore;
  notify: Notify;
  memberCount(actor: Actor): Promise<number>;
  /** Defaults to the asset route (`/api/education/modules/<id>/asset?key=…`), which redirects to `signDownload`. */
  assetUrl?: (key: string) => string;
  signDownload?: (key: string) => Promise<string>;
  clock?: Clock;
  ids?: Ids;
  /** How many published versions each process keeps in memory (default 200; 0 turns the cache off). */
  versionCacheSize?: number;
  /** The queue `education.jobHandlers` consume; a deleted module's files are discarded through it. */
  jobs?: JobQueue;
  /** The uploads facade (owner side), so a deleted module's files and storage are given back. */
  uploads?: ModuleUploads;
}

export function createEducationDeps(options: EducationOptions): EducationDeps {
  const clock = options.clock ?? systemClock;
  return {
    store: options.store,
    clock,
    ids: options.ids ?? createIds(() => clock.nowMs()),
    notify: options.notify,
    memberCount: options.memberCount,
    assetUrl: options.assetUrl ?? assetLink,
    versions: createVersionCache(options.versionCacheSize),
    ...(options.signDownload ? { signDownload: options.signDownload } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.uploads ? { uploads: options.uploads } : {}),
  };
}

type Rest<F> = F extends (deps: EducationDeps, ...rest: infer R) => infer Out ? (...args: R) => Out : never;
const bind = <F extends (deps: EducationDeps, ...rest: never[]) => unknown>(deps: EducationDeps, fn: F): Rest<F> =>
  ((...args: never[]) => fn(deps, ...args)) as Rest<F>;

export function createEducation(options: EducationOptions) {
  const deps = createEducationDeps(options);
  return {
    createModule: bind(deps, createModule),
    listModules: bind(deps, listModules),
    getModule: bind(deps, getModule),
    updateModule: bind(deps, updateModule),
    deleteModule: bind(deps, deleteModule),
    createSection: bind(deps, createSection),
    updateSection: bind(deps, updateSection),
    deleteSection: bind(deps, deleteSection),
    reorderSections: bind(deps, reorderSections),
    submit: bind(deps, submit),
    approve: bind(deps, approve),
    reject: bind(deps, reject),
    archive: (actor: Actor, moduleId: unknown, input: { version?: number; comments?: string }) =>
      archive(deps, actor, moduleId, input),
    listVersions: bind(deps, listVersions),
    catalog: bind(deps, catalog),
    enroll: bind(deps, enroll),
    completeSection: bind(deps, completeSection),
    attemptQuiz: bind(deps, attemptQuiz),
    moveToLatest: bind(deps, moveToLatest),
    myLearning: bind(deps, myLearning),
    insights: bind(deps, insights),
    assetDownload: bind(deps, assetDownload),
    /** Register with identity's account extensions: enrolments in the export, erased with the account. */
    exportAccount: bind(deps, exportLearning),
    eraseAccount: bind(deps, eraseLearning),
    /** Register with identity's organisation purges: what a deleted organisation leaves outside T#<orgId>. */
    purgeOrganization: bind(deps, purgeOrganizationLearning),
    /** Register with the uploads facade under kind `module`. */
    moduleUploadOwner: createModuleUploadOwner(deps),
    /** `education.discard-module-files` (a deleted module's uploads), for the workers' registry. */
    jobHandlers: {
      [discardModuleFilesJob]: async (job) => {
        await discardModuleFiles(deps, job.payload);
      },
    } satisfies JobHandlers,
  };
}

export type Education = ReturnType<typeof createEducation>;

export type { CatalogInput, CatalogItem } from './catalog.ts';
export type { CreateModuleInput } from './create-module.ts';
export type { DeleteModuleResult } from './delete-module.ts';
export type { EducationDeps } from './education-deps.ts';
export type { ModuleLearnerView } from './get-module.ts';
export type { ModuleInsights } from './insights.ts';
export type { ListModulesInput } from './list-modules.ts';
export type { ModuleEditorView } from './module-details.ts';
export { discardModuleFilesJob, type ModuleUploads } from './module-files.ts';
export type { ModuleFieldsInput } from './module-input.ts';
export type { ModuleAsset } from './module-upload-owner.ts';
export type { LearningItem } from './my-learning.ts';
export type { QuizAttemptResult } from './progress.ts';
export * from './records.ts';
export type { ReviewInput } from './review.ts';
export { wordsPerMinute } from './section-content.ts';
export type { SectionInput } from './sections.ts';
export type { UpdateModuleInput } from './update-module.ts';
export type { VersionSummary } from './versions.ts';
export type { AssetView, ModuleView, ProgressView, SectionView } from './views.ts';
