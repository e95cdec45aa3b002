/** What the moderation module stores (the `data` of its items; keys in keys.ts). */
import type { ModeratedKind, ModerationSignal } from './moderation-target.ts';

export const wordActions = ['block', 'censor', 'hold'] as const;
export type WordAction = (typeof wordActions)[number];

/** What happens to the built-in profanity list's matches; `off` ignores it. */
export const builtInActions = ['block', 'censor', 'hold', 'off'] as const;
export type BuiltInAction = (typeof builtInActions)[number];

export interface WordRule {
  /** Lower case word or phrase; a trailing `*` also matches longer words (`spam*` → spammer). */
  word: string;
  action: WordAction;
}

export interface WordListRecord extends Record<string, unknown> {
  rules: WordRule[];
  builtInAction: BuiltInAction;
  updatedAt: string;
  updatedBy: string;
}

export interface FingerprintRecord extends Record<string, unknown> {
  contentId: string | null;
  at: string;
}

export interface FlagRecord extends Record<string, unknown> {
  userId: string;
  kind: ModeratedKind;
  contentId: string;
  reason: string;
  weight: number;
  at: string;
}

export interface TallyRecord extends Record<string, unknown> {
  weight: number;
  count: number;
}

export interface StandingRecord extends Record<string, unknown> {
  upheldFlagsAgainst: number;
  removals: number;
  warnings: number;
}

export const decisionActions = ['approve', 'remove', 'warn'] as const;
export type DecisionAction = (typeof decisionActions)[number];

export interface DecisionRecord {
  action: DecisionAction;
  reason: string;
  moderatorId: string;
  at: string;
  onAppeal: boolean;
}

export interface AppealRecord {
  message: string;
  at: string;
}

export type QueueItemStatus = 'pending' | 'decided';

/** One case: content held at review or hidden by flags, with its decisions and the author's appeal. */
export interface QueueItemRecord extends Record<string, unknown> {
  id: string;
  organizationId: string;
  kind: ModeratedKind;
  contentId: string;
  authorId: string;
  source: 'review' | 'flags';
  /** Shown to the author. */
  reasons: string[];
  /** Shown to moderators. */
  signals: ModerationSignal[];
  status: QueueItemStatus;
  decisions: DecisionRecord[];
  appeal: AppealRecord | null;
  /** The moderator who decided before the appeal: someone else must review it. */
  excludedModeratorId: string | null;
  createdAt: string;
  updatedAt: string;
}
