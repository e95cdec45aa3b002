/**
 * The seam between the moderation pipeline (core/src/moderation) and the content it judges
 * (community posts and comments). Community calls `review` before storing or publishing content and
 * implements `ModerationTarget` so that moderator decisions and automatic hiding reach the content.
 */

export const moderatedKinds = ['post', 'comment'] as const;
export type ModeratedKind = (typeof moderatedKinds)[number];

/** Trust level 0 (new) … 4 (leader); moderation derives limits from it. */
export type TrustLevel = 0 | 1 | 2 | 3 | 4;

export interface ContentForReview {
  organizationId: string;
  kind: ModeratedKind;
  /** Present on edits and after creation. */
  id?: string;
  authorId: string;
  authorTrustLevel: TrustLevel;
  title?: string;
  /** Markdown source as written by the author. */
  text: string;
  links: string[];
  /** User ids or handles mentioned with @. */
  mentions: string[];
  attachmentCount: number;
  isEdit: boolean;
  /**
   * Members of the organisation (optional): at most 5 puts the organisation in the relaxed bootstrap
   * mode (see trust-levels.ts). Leave it out when unknown; the normal limits apply.
   */
  organizationMemberCount?: number;
  /**
   * The author moderates this organisation (moderator, admin, owner). Staff are accountable by name
   * and post announcements in bulk, so, as on Discourse, the daily posting rate does not apply to them;
   * every other check does.
   */
  authorIsStaff?: boolean;
}

/** A member's trust level and, when known, the size of the organisation (bootstrap mode). */
export interface AuthorTrust {
  level: TrustLevel;
  organizationMemberCount?: number;
}

export type ReviewVerdict = 'published' | 'held' | 'rejected';

export interface ReviewOutcome {
  verdict: ReviewVerdict;
  /** Human-readable reasons shown to the author (empty when published cleanly). */
  reasons: string[];
  /** The text to store: the original, or censored when the word list says `censor`. */
  text: string;
  title?: string;
  /** What each check found (scores, matched rules), for moderators; recordHeld accepts them back. */
  signals?: ModerationSignal[];
  /** Set when review opened a queue item itself (held content that came with its id). */
  queueItemId?: string;
}

/** One finding of a check, kept on the queue item so moderators see why (with scores where there are any). */
export interface ModerationSignal {
  check: 'word_list' | 'profanity' | 'toxicity' | 'links' | 'mentions' | 'attachments' | 'rate' | 'duplicate' | 'flags';
  /** What the check decided for this finding. */
  effect: 'block' | 'hold' | 'censor' | 'note';
  detail: string;
  score?: number;
}

export type ModeratedState = 'published' | 'held' | 'hidden' | 'removed';

export interface ModeratedContent {
  organizationId: string;
  kind: ModeratedKind;
  id: string;
  authorId: string;
  title?: string;
  excerpt: string;
  state: ModeratedState;
}

export interface ModerationTarget {
  kind: ModeratedKind;
  /** null when it does not exist in that organisation (callers answer 404). */
  get(organizationId: string, id: string): Promise<ModeratedContent | null>;
  /** Apply a moderator decision or an automatic hide; idempotent. */
  setState(organizationId: string, id: string, state: ModeratedState, reason: string, actorId: string): Promise<void>;
}
