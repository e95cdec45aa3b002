/** What every moderation use case receives as its first argument. Built once by `createModeration`. */
import type { RecordAuditInput } from '../identity/record-audit.ts';
import type { Notify } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { Clock } from '../shared/clock.ts';
import type { Ids } from '../shared/ids.ts';
import type { AuthorTrust, ModeratedKind, ModerationTarget, TrustLevel } from './moderation-target.ts';
import type { ToxicityClassifier } from './toxicity.ts';

export interface ModerationSettings {
  /** Toxicity score (0–1) from which content is held for a moderator. */
  toxicityHoldAt: number;
  /** How long an author's content fingerprints are kept for the duplicate check. */
  duplicateWindowMs: number;
  /** Texts shorter than this (after normalising) are never duplicates: "Thanks!" twice is fine. */
  duplicateMinChars: number;
}

/** What community (and identity) know about a member, for their trust level and bootstrap mode. */
export interface MemberActivity {
  postCount: number;
  commentCount: number;
  reactionsReceived: number;
  /** ISO time the member joined the organisation; null uses when moderation first saw them post. */
  joinedAt?: string | null;
  /** Members of the organisation, for bootstrap mode (review uses it when the content does not say). */
  organizationMemberCount?: number;
}

export interface ModerationDeps {
  store: ItemStore;
  clock: Clock;
  ids: Ids;
  notify: Notify;
  classifier: ToxicityClassifier;
  targets: ReadonlyMap<ModeratedKind, ModerationTarget>;
  /** A member's trust level (flag weights); memberTrustLevel over `activityOf` unless overridden. */
  trustLevelOf(organizationId: string, userId: string): Promise<TrustLevel>;
  /** The level with the organisation's size read for it (one read of the activity for review). */
  authorTrustOf(organizationId: string, userId: string): Promise<AuthorTrust>;
  /** Members this process already knows moderation has seen (`noteFirstSeen` writes once). */
  firstSeenNoted?: Set<string>;
  /** A member's activity; all zero when not wired. */
  activityOf(organizationId: string, userId: string): Promise<MemberActivity>;
  /** Domain audit entries (identity's recordAudit): decisions and automatic hides, with their facts. */
  audit(entry: RecordAuditInput): Promise<unknown>;
  /** Side effects that must not undo a stored decision (notifications, audit) report failures here. */
  reportError(error: unknown, context: string): void;
  settings: ModerationSettings;
}
