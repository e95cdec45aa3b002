/** What every moderation use case receives as its first argument. Built once by `createModeration`. */
import type { RecordAuditInput } from '../identity/record-audit.ts';
import type { Notify } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { Clock } from '../shared/clock.ts';
import type { Ids } from '../shared/ids.ts';
import type { ModeratedKind, ModerationTarget, TrustLevel } from './moderation-target.ts';
import type { ToxicityClassifier } from './toxicity.ts';

export interface ModerationSettings {
  /** Toxicity score (0–1) from which content is held for a moderator. */
  toxicityHoldAt: number;
  /** How long an author's content fingerprints are kept for the duplicate check. */
  duplicateWindowMs: number;
  /** Texts shorter than this (after normalising) are never duplicates: "Thanks!" twice is fine. */
  duplicateMinChars: number;
}

export interface ModerationDeps {
  store: ItemStore;
  clock: Clock;
  ids: Ids;
  notify: Notify;
  classifier: ToxicityClassifier;
  targets: ReadonlyMap<ModeratedKind, ModerationTarget>;
  /** The flagger's trust level (community's profiles know it); level 0 when not wired. */
  trustLevelOf(organizationId: string, userId: string): Promise<TrustLevel>;
  /** Domain audit entries (identity's recordAudit): decisions and automatic hides, with their facts. */
  audit(entry: RecordAuditInput): Promise<unknown>;
  /** Side effects that must not undo a stored decision (notifications, audit) report failures here. */
  reportError(error: unknown, context: string): void;
  settings: ModerationSettings;
}
