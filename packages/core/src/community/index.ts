/**
 * Community (issue 5): posts, nested comments, reactions, profiles, feeds and the live event log.
 * `createCommunity` binds the use cases to their dependencies; the API calls the facade and never the
 * store. Moderation plugs in through `review` and `trustLevelOf` (core/src/moderation) and gets
 * posts and comments back as `moderationTargets`.
 */
import { createEventLog, type EventLog } from '../events/event-log.ts';
import type { Notify } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { JobHandlers, JobQueue } from '../ports/job-queue.ts';
import type { Actor } from '../shared/actor.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { createIds, type Ids } from '../shared/ids.ts';
import { deleteCommunityData, exportCommunityData } from './account.ts';
import { purgeAccountFiles, purgeAccountFilesJob } from './account-files.ts';
import { type AttachmentUploads, createAttachmentOwner } from './attachments.ts';
import { createComment, deleteComment, getComment, listComments, updateComment } from './comments.ts';
import {
  type AuthorTrustOf,
  type CommunityDeps,
  type CommunityLimits,
  defaultCommunityLimits,
  type FindMember,
  type ReviewContent,
  type TrustLevelOf,
} from './community-deps.ts';
import { channelFor, listEvents } from './events.ts';
import { listPosts } from './feeds.ts';
import { createModerationTargets } from './moderation-targets.ts';
import { createPost, deletePost, getPost, getPostHistory, updatePost } from './posts.ts';
import { getActivity, getProfile, updateProfile } from './profiles.ts';
import { toggleReaction } from './reactions.ts';

export interface CommunityOptions {
  store: ItemStore;
  review: ReviewContent;
  trustLevelOf: TrustLevelOf;
  /** Defaults to `trustLevelOf` (without the organisation's size). */
  authorTrustOf?: AuthorTrustOf;
  findMember: FindMember;
  notify: Notify;
  clock?: Clock;
  ids?: Ids;
  /** Shared with other modules that publish live events; one is created when omitted. */
  events?: EventLog;
  limits?: Partial<CommunityLimits>;
  /** The uploads pipeline, for post attachments (see attachments.ts). */
  uploads?: AttachmentUploads;
  /** The job queue for durable background work; its handlers are `community.jobHandlers`. */
  jobs?: JobQueue;
}

export function createCommunityDeps(options: CommunityOptions): CommunityDeps {
  const clock = options.clock ?? systemClock;
  return {
    store: options.store,
    clock,
    ids: options.ids ?? createIds(() => clock.nowMs()),
    events: options.events ?? createEventLog({ store: options.store, clock }),
    review: options.review,
    trustLevelOf: options.trustLevelOf,
    authorTrustOf:
      options.authorTrustOf ??
      (async (organizationId, userId) => ({ level: await options.trustLevelOf(organizationId, userId) })),
    findMember: options.findMember,
    notify: options.notify,
    limits: { ...defaultCommunityLimits, ...options.limits },
    ...(options.uploads ? { uploads: options.uploads } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
  };
}

type Bound<F> = F extends (deps: CommunityDeps, ...rest: infer A) => infer R ? (...args: A) => R : never;

function bind<F extends (deps: CommunityDeps, ...rest: never[]) => unknown>(deps: CommunityDeps, fn: F): Bound<F> {
  return ((...args: never[]) => fn(deps, ...args)) as Bound<F>;
}

export function createCommunity(options: CommunityOptions) {
  const deps = createCommunityDeps(options);
  return {
    events: deps.events,
    createPost: bind(deps, createPost),
    getPost: bind(deps, getPost),
    updatePost: bind(deps, updatePost),
    deletePost: bind(deps, deletePost),
    getPostHistory: bind(deps, getPostHistory),
    listPosts: bind(deps, listPosts),
    createComment: bind(deps, createComment),
    getComment: bind(deps, getComment),
    listComments: bind(deps, listComments),
    updateComment: bind(deps, updateComment),
    deleteComment: bind(deps, deleteComment),
    toggleReaction: bind(deps, toggleReaction),
    getProfile: bind(deps, getProfile),
    updateProfile: bind(deps, updateProfile),
    getActivity: bind(deps, getActivity),
    listEvents: bind(deps, listEvents),
    /** The event-log channel a caller may read (`post:read`), for the SSE stream. */
    channelFor: (actor: Actor, scope?: 'organization' | 'public') => channelFor(actor, scope),
    moderationTargets: createModerationTargets(deps),
    /** The `post-attachment` owner for `uploads.registerOwner` (files a member uploads for their posts). */
    attachmentOwner: createAttachmentOwner(deps),
    /** For identity's account extensions: `registerAccountExporter` / `registerAccountDeletionHook`. */
    exportAccountData: bind(deps, exportCommunityData),
    deleteAccountData: bind(deps, deleteCommunityData),
    /** `community.purge-account-files` (a deleted account's files), for the workers' registry. */
    jobHandlers: {
      [purgeAccountFilesJob]: async (job) => {
        await purgeAccountFiles(deps, job.payload);
      },
    } satisfies JobHandlers,
  };
}

export type Community = ReturnType<typeof createCommunity>;

export { attachmentUploadsFrom } from './attachment-uploads.ts';
export { type AttachmentUploads, attachmentLimits, attachmentOwnerKind } from './attachments.ts';
export type {
  AuthorTrustOf,
  CommunityDeps,
  CommunityLimits,
  FindMember,
  ReviewContent,
  TrustLevelOf,
} from './community-deps.ts';
export { defaultCommunityLimits } from './community-deps.ts';
export type { CommunityEventType } from './community-events.ts';
export { communityEventTypes } from './community-events.ts';
export type { PostInput } from './content-input.ts';
export type { FeedPeriod, FeedSort, ListPostsInput } from './feeds.ts';
export { feedPeriods, feedSorts } from './feeds.ts';
export { hotRank } from './hot-score.ts';
export { extractLinks, extractMentions, renderMarkdown, warmMarkdown } from './markdown.ts';
export type { RevisionView, UpdatePostInput } from './posts.ts';
export type { ProfileView, UpdateProfileInput } from './profiles.ts';
export type { ReactionResult } from './reactions.ts';
export {
  type ContentState,
  type ContentType,
  contentStates,
  contentTypes,
  type ReactionType,
  reactionTypes,
  type Visibility,
  visibilities,
} from './records.ts';
export type { AttachmentView, CommentView, PostView, ReactionCounts } from './views.ts';
