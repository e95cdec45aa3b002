/**
 * Community moderation (issue 5 items 6 and 7): the review pipeline community runs on create and edit,
 * trust levels and their limits, weighted flags with automatic hiding, the moderators' queue with
 * decisions and one appeal, and the organisation's word list. Content itself stays community's: it
 * reaches it only through `ModerationTarget` (moderation-target.ts). See README.md.
 */
import type { AccountDeletionContext, AccountExportContext } from '../identity/account-extensions.ts';
import type { RecordAuditInput } from '../identity/record-audit.ts';
import type { Notify } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { createIds, type Ids } from '../shared/ids.ts';
import { deleteModerationAccount, exportModerationAccount } from './account-data.ts';
import { appeal } from './appeal.ts';
import { recordHeld } from './cases.ts';
import { type DecideInput, decide } from './decide.ts';
import { type FlagInput, type FlagResult, flag } from './flag.ts';
import { memberTrust, memberTrustLevel } from './member-trust.ts';
import type { MemberActivity, ModerationDeps, ModerationSettings } from './moderation-deps.ts';
import type {
  AuthorTrust,
  ContentForReview,
  ModeratedKind,
  ModerationSignal,
  ModerationTarget,
  ReviewOutcome,
  TrustLevel,
} from './moderation-target.ts';
import { getItem, type ListQueueInput, listQueue, type QueueItemView } from './queue.ts';
import { review } from './review.ts';
import { getStanding, type Standing } from './standing.ts';
import { createLexiconClassifier, type ToxicityClassifier } from './toxicity.ts';
import { getWordList, type UpdateWordListInput, updateWordList, type WordListView } from './word-list.ts';

export interface ModerationOptions {
  store: ItemStore;
  notify: Notify;
  /** Community's post and comment targets; a kind without one answers 404 to flags. */
  targets: readonly ModerationTarget[];
  /** Defaults to the built-in lexicon scorer. */
  classifier?: ToxicityClassifier;
  clock?: Clock;
  ids?: Ids;
  /**
   * A member's posts, comments, reactions received (community's `getActivity`), joining date and the
   * organisation's member count; trust levels are computed from it with the member's standing.
   */
  activityOf?: (organizationId: string, userId: string) => Promise<MemberActivity>;
  /** Overrides the computed trust level (tests). */
  trustLevelOf?: (organizationId: string, userId: string) => Promise<TrustLevel>;
  /** identity's recordAudit; decisions and automatic hides are recorded with their facts. */
  audit?: (entry: RecordAuditInput) => Promise<unknown>;
  reportError?: (error: unknown, context: string) => void;
  settings?: Partial<ModerationSettings>;
}

export interface Moderation {
  review(content: ContentForReview): Promise<ReviewOutcome>;
  recordHeld(
    content: ContentForReview & { id: string },
    reasons: string[],
    signals?: ModerationSignal[],
  ): Promise<{ queueItemId: string }>;
  flag(actor: Actor, input: FlagInput): Promise<FlagResult>;
  listQueue(actor: Actor, input?: ListQueueInput): Promise<{ items: QueueItemView[]; nextCursor: string | null }>;
  getItem(actor: Actor, itemId: string): Promise<QueueItemView>;
  decide(actor: Actor, itemId: string, input: DecideInput): Promise<QueueItemView>;
  appeal(actor: Actor, itemId: string, input: { message: string }): Promise<QueueItemView>;
  getWordList(actor: Actor): Promise<WordListView>;
  updateWordList(actor: Actor, input: UpdateWordListInput): Promise<WordListView>;
  /** Upheld flags, removals and warnings of a member, for computeTrustLevel. */
  getStanding(organizationId: string, userId: string): Promise<Standing>;
  /** The member's trust level: `activityOf` + standing through computeTrustLevel (community's trustLevelOf). */
  trustLevelOf(organizationId: string, userId: string): Promise<TrustLevel>;
  /** The level and the organisation's size, as community passes them back to `review`. */
  authorTrustOf(organizationId: string, userId: string): Promise<AuthorTrust>;
  /** Identity's account extensions: the user's standing in the export; what moderation kept about them removed. */
  exportAccount(context: AccountExportContext): Promise<unknown>;
  deleteAccount(context: AccountDeletionContext): Promise<void>;
}

export const defaultModerationSettings: ModerationSettings = {
  toxicityHoldAt: 0.7,
  duplicateWindowMs: 24 * 3_600_000,
  duplicateMinChars: 20,
};

export function createModerationDeps(options: ModerationOptions): ModerationDeps {
  const clock = options.clock ?? systemClock;
  const targets = new Map<ModeratedKind, ModerationTarget>();
  for (const target of options.targets) {
    if (targets.has(target.kind)) throw new Error(`Two moderation targets for ${target.kind}`);
    targets.set(target.kind, target);
  }
  const noActivity: MemberActivity = { postCount: 0, commentCount: 0, reactionsReceived: 0 };
  const deps: ModerationDeps = {
    store: options.store,
    clock,
    ids: options.ids ?? createIds(() => clock.nowMs()),
    notify: options.notify,
    classifier: options.classifier ?? createLexiconClassifier(),
    targets,
    trustLevelOf: options.trustLevelOf ?? ((orgId, userId) => memberTrustLevel(deps, orgId, userId)),
    authorTrustOf: options.trustLevelOf
      ? async (orgId, userId) => ({ level: await deps.trustLevelOf(orgId, userId) })
      : (orgId, userId) => memberTrust(deps, orgId, userId),
    firstSeenNoted: new Set(),
    activityOf: options.activityOf ?? (async () => noActivity),
    audit: options.audit ?? (async () => undefined),
    reportError: options.reportError ?? (() => {}),
    settings: { ...defaultModerationSettings, ...options.settings },
  };
  return deps;
}

export function createModeration(options: ModerationOptions): Moderation {
  const deps = createModerationDeps(options);
  return {
    review: (content) => review(deps, content),
    recordHeld: (content, reasons, signals) => recordHeld(deps, content, reasons, signals),
    flag: (actor, input) => flag(deps, actor, input),
    listQueue: (actor, input) => listQueue(deps, actor, input),
    getItem: (actor, itemId) => getItem(deps, actor, itemId),
    decide: (actor, itemId, input) => decide(deps, actor, itemId, input),
    appeal: (actor, itemId, input) => appeal(deps, actor, itemId, input),
    getWordList: (actor) => getWordList(deps, actor),
    updateWordList: (actor, input) => updateWordList(deps, actor, input),
    getStanding: (organizationId, userId) => getStanding(deps, organizationId, userId),
    trustLevelOf: (organizationId, userId) => deps.trustLevelOf(organizationId, userId),
    authorTrustOf: (organizationId, userId) => deps.authorTrustOf(organizationId, userId),
    exportAccount: (context) => exportModerationAccount(deps, context),
    deleteAccount: (context) => deleteModerationAccount(deps, context),
  };
}

export type { DecideInput } from './decide.ts';
export type { FlagInput, FlagResult } from './flag.ts';
export { type CompleteFunction, createLlmToxicityClassifier, type LlmToxicityOptions } from './llm-toxicity.ts';
export type { MemberActivity, ModerationDeps, ModerationSettings } from './moderation-deps.ts';
export * from './moderation-target.ts';
export type { ListQueueInput, QueueItemView } from './queue.ts';
export {
  type BuiltInAction,
  builtInActions,
  type DecisionAction,
  decisionActions,
  type WordAction,
  type WordRule,
  wordActions,
} from './records.ts';
export type { Standing } from './standing.ts';
export {
  createLexiconClassifier,
  lexiconScore,
  type ToxicityClassifier,
  type ToxicityInput,
  type ToxicityResult,
} from './toxicity.ts';
export * from './trust-levels.ts';
export { maxWordRules, type UpdateWordListInput, type WordListView } from './word-list.ts';
export { censorChar, warmProfanity } from './word-rules.ts';
