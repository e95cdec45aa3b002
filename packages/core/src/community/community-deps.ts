/** What every community use case receives as its first argument. Built once by `createCommunity`. */
import type { EventLog } from '../events/event-log.ts';
import type { OrgRole } from '../identity/roles.ts';
import type { AuthorTrust, ContentForReview, ReviewOutcome, TrustLevel } from '../moderation/moderation-target.ts';
import type { Notify } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Clock } from '../shared/clock.ts';
import type { Ids } from '../shared/ids.ts';
import type { AttachmentUploads } from './attachments.ts';

/** The moderation pipeline's verdict on content about to be stored (core/src/moderation). */
export type ReviewContent = (content: ContentForReview) => Promise<ReviewOutcome>;

/** The author's trust level in an organisation (moderation computes it from the profile counters). */
export type TrustLevelOf = (organizationId: string, userId: string) => Promise<TrustLevel>;

/** The level with the organisation's size (bootstrap mode) read for it, so review need not read it again. */
export type AuthorTrustOf = (organizationId: string, userId: string) => Promise<AuthorTrust>;

/** A member of an organisation as identity knows them; null when the user is not a member. */
export type FindMember = (organizationId: string, userId: string) => Promise<{ name: string; role: OrgRole } | null>;

export interface CommunityLimits {
  titleMaxChars: number;
  postMaxChars: number;
  commentMaxChars: number;
  maxTags: number;
  maxAttachments: number;
  /** Depth of the deepest comment level (top-level comments are depth 0). */
  maxCommentDepth: number;
  /** How many recent posts hot/top rank in memory per request. */
  rankWindow: number;
}

export const defaultCommunityLimits: CommunityLimits = {
  titleMaxChars: 300,
  postMaxChars: 40_000,
  commentMaxChars: 10_000,
  maxTags: 5,
  maxAttachments: 10,
  maxCommentDepth: 7,
  rankWindow: 500,
};

export interface CommunityDeps {
  store: ItemStore;
  clock: Clock;
  ids: Ids;
  events: EventLog;
  review: ReviewContent;
  trustLevelOf: TrustLevelOf;
  authorTrustOf: AuthorTrustOf;
  findMember: FindMember;
  notify: Notify;
  limits: CommunityLimits;
  /** The uploads pipeline, for post attachments; without it a post cannot carry files (404 for any id). */
  uploads?: AttachmentUploads;
  /** Durable background work (account deletion's file removal); without it that work runs inline. */
  jobs?: JobQueue;
}
