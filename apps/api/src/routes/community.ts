/**
 * Community over HTTP (issue 5): posts, comments, reactions, profiles, feeds and the event log, all in
 * the active organisation (`X-Organization-Id`, else the caller's default one). The facade authorises
 * and hides other tenants' content as 404; `?scope=public` on the feed and the event routes is the one
 * cross-tenant read (published public posts of every organisation). The SSE stream is in
 * community-stream.ts.
 */
import {
  ApiErrorBody,
  Comment,
  CommentListQuery,
  CommentPage,
  CommunityEventPage,
  CommunityEventQuery,
  CommunityProfile,
  CreateCommentRequest,
  CreatePostRequest,
  Post,
  PostListQuery,
  PostPage,
  PostRevisionPage,
  ReactionResult,
  ReactRequest,
  UpdateCommentRequest,
  UpdateCommunityProfileRequest,
  UpdatePostRequest,
} from '@diatonic/api-schemas';
import { type Actor, AppError, type Community, type UpdateProfileInput } from '@diatonic/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Logger } from '../http/app-env.ts';
import { type AuditTargetOf, noteAudit } from '../http/audit-trail.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';
import { communityStream } from './community-stream.ts';

const tags = ['community'];
const IdParam = z.object({ id: z.string().min(1).max(64) });
const targetOf =
  (type: string): AuditTargetOf =>
  (params) =>
    params.id ? { type, id: params.id } : null;
const contentErrors = errorResponses(400, 401, 403, 404, 409);
const rejected = {
  422: jsonResponse(
    'Rejected by moderation (`content_rejected`); `details.reasons` says why; nothing was stored',
    ApiErrorBody,
  ),
};
/** What naming uploads in `attachments` can answer besides (see core/src/community/attachments.ts). */
const attachmentErrors = {
  ...errorResponses(404, 409),
  410: jsonResponse(
    'An upload in `attachments` expired (`attachment_expired`): it was not attached within 24 hours of being uploaded; nothing was stored',
    ApiErrorBody,
  ),
};

const listPostsRoute = createRoute({
  method: 'get',
  path: '/api/community/posts',
  tags,
  summary:
    'The feed (post:read): sort latest|hot|top, period, tag, authorId; `scope=public` lists public posts of every organisation',
  ...signedIn(),
  request: { query: PostListQuery },
  responses: { 200: jsonResponse('One page of posts', PostPage), ...errorResponses(400, 401, 403) },
});

const createPostRoute = createRoute({
  method: 'post',
  path: '/api/community/posts',
  tags,
  summary: 'Write a post (post:create); moderation publishes, holds (visible to you and moderators) or rejects it',
  ...signedIn({ action: 'community.post_create' }),
  request: { body: jsonBody(CreatePostRequest) },
  responses: {
    201: jsonResponse('The post', Post),
    ...errorResponses(400, 401, 403),
    ...attachmentErrors,
    ...rejected,
  },
});

const getPostRoute = createRoute({
  method: 'get',
  path: '/api/community/posts/{id}',
  tags,
  summary: 'One post with your own reactions (post:read); counts a view',
  ...signedIn(),
  request: { params: IdParam },
  responses: { 200: jsonResponse('The post', Post), ...errorResponses(401, 403, 404) },
});

const updatePostRoute = createRoute({
  method: 'put',
  path: '/api/community/posts/{id}',
  tags,
  summary: 'Edit your post; `version` must be the one you read (else 409); the old text goes to the history',
  ...signedIn({ action: 'community.post_update', target: targetOf('post') }),
  request: { params: IdParam, body: jsonBody(UpdatePostRequest) },
  responses: { 200: jsonResponse('The post', Post), ...contentErrors, ...attachmentErrors, ...rejected },
});

const deletePostRoute = createRoute({
  method: 'delete',
  path: '/api/community/posts/{id}',
  tags,
  summary: 'Delete your post (soft: it reads "[deleted by author]"; its thread stays)',
  ...signedIn({ action: 'community.post_delete', target: targetOf('post') }),
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/api/community/posts/{id}/history',
  tags,
  summary: "A post's earlier versions, newest first (post:read)",
  ...signedIn(),
  request: { params: IdParam, query: CommentListQuery.pick({ cursor: true }) },
  responses: { 200: jsonResponse('Earlier versions', PostRevisionPage), ...errorResponses(400, 401, 403, 404) },
});

const listCommentsRoute = createRoute({
  method: 'get',
  path: '/api/community/posts/{id}/comments',
  tags,
  summary: "A post's thread, depth-first in creation order, each comment with its depth (post:read)",
  ...signedIn(),
  request: { params: IdParam, query: CommentListQuery },
  responses: { 200: jsonResponse('One page of comments', CommentPage), ...errorResponses(400, 401, 403, 404) },
});

const createCommentRoute = createRoute({
  method: 'post',
  path: '/api/community/posts/{id}/comments',
  tags,
  summary: 'Comment or reply (comment:create); replies past depth 8 attach at the deepest level',
  ...signedIn({ action: 'community.comment_create', target: targetOf('post') }),
  request: { params: IdParam, body: jsonBody(CreateCommentRequest) },
  responses: { 201: jsonResponse('The comment', Comment), ...contentErrors, ...rejected },
});

const updateCommentRoute = createRoute({
  method: 'put',
  path: '/api/community/comments/{id}',
  tags,
  summary: 'Edit your comment; `version` must be the one you read (else 409)',
  ...signedIn({ action: 'community.comment_update', target: targetOf('comment') }),
  request: { params: IdParam, body: jsonBody(UpdateCommentRequest) },
  responses: { 200: jsonResponse('The comment', Comment), ...contentErrors, ...rejected },
});

const deleteCommentRoute = createRoute({
  method: 'delete',
  path: '/api/community/comments/{id}',
  tags,
  summary: 'Delete your comment (soft: replies stay in place)',
  ...signedIn({ action: 'community.comment_delete', target: targetOf('comment') }),
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
});

const reactRoute = (kind: 'post' | 'comment') =>
  createRoute({
    method: 'post',
    path: kind === 'post' ? '/api/community/posts/{id}/react' : '/api/community/comments/{id}/react',
    tags,
    summary: `Toggle your reaction of one type on a ${kind} (reaction:create); counts are exact under concurrency`,
    ...signedIn({ action: 'community.react', target: targetOf(kind) }),
    request: { params: IdParam, body: jsonBody(ReactRequest) },
    responses: { 200: jsonResponse('The counts and your reactions', ReactionResult), ...contentErrors },
  });

const reactPostRoute = reactRoute('post');
const reactCommentRoute = reactRoute('comment');

const UserParam = z.object({ id: z.string().min(1).max(64) });

const getProfileRoute = createRoute({
  method: 'get',
  path: '/api/community/users/{id}/profile',
  tags,
  summary: "A member's community profile, stats and reputation; trust level for yourself and moderators",
  ...signedIn(),
  request: { params: UserParam },
  responses: { 200: jsonResponse('The profile', CommunityProfile), ...errorResponses(401, 403, 404) },
});

const updateProfileRoute = createRoute({
  method: 'put',
  path: '/api/community/users/{id}/profile',
  tags,
  summary: 'Edit your own community profile (name, title, bio, links, avatarUrl)',
  ...signedIn({ action: 'community.profile_update', target: targetOf('user') }),
  request: { params: UserParam, body: jsonBody(UpdateCommunityProfileRequest) },
  responses: { 200: jsonResponse('The profile', CommunityProfile), ...errorResponses(400, 401, 403, 404) },
});

const eventsRoute = createRoute({
  method: 'get',
  path: '/api/community/events',
  tags,
  summary:
    'Events after `after` (post.created, post.edited, post.removed, comment.added, reactions.changed), oldest first; poll with `lastId`',
  ...signedIn(),
  request: { query: CommunityEventQuery },
  responses: { 200: jsonResponse('New events', CommunityEventPage), ...errorResponses(400, 401, 403) },
});

const streamRoute = createRoute({
  method: 'get',
  path: '/api/community/stream',
  tags,
  summary:
    'The same events as Server-Sent Events (`id` = event id, `event` = type); resumes after `Last-Event-ID` or `after`, else from now; ends after `maxSeconds` (default 300, 0 = backlog only)',
  ...signedIn(),
  request: {
    query: CommunityEventQuery.pick({ after: true, scope: true }).extend({
      maxSeconds: z.coerce.number().int().min(0).max(3600).optional(),
    }),
  },
  responses: {
    200: { description: 'An SSE stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
    ...errorResponses(400, 401, 403),
  },
});

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw AppError.forbidden('post:read', 'Join or create an organisation to use the community');
  return actor;
}

export interface CommunityRoutesOptions {
  community: Community;
  logger: Logger;
}

export function communityRoutes({ community, logger }: CommunityRoutesOptions) {
  return new OpenAPIHono<AppEnv>()
    .openapi(listPostsRoute, async (c) => c.json(await community.listPosts(actorOf(c), c.req.valid('query')), 200))
    .openapi(createPostRoute, async (c) => {
      const post = await community.createPost(actorOf(c), c.req.valid('json'));
      noteAudit(c, { target: { type: 'post', id: post.id } });
      return c.json(post, 201);
    })
    .openapi(getPostRoute, async (c) => c.json(await community.getPost(actorOf(c), c.req.valid('param').id), 200))
    .openapi(updatePostRoute, async (c) =>
      c.json(await community.updatePost(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(deletePostRoute, async (c) => {
      await community.deletePost(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(historyRoute, async (c) =>
      c.json(await community.getPostHistory(actorOf(c), c.req.valid('param').id, c.req.valid('query').cursor), 200),
    )
    .openapi(listCommentsRoute, async (c) =>
      c.json(await community.listComments(actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .openapi(createCommentRoute, async (c) => {
      const comment = await community.createComment(actorOf(c), c.req.valid('param').id, c.req.valid('json'));
      noteAudit(c, { target: { type: 'comment', id: comment.id } });
      return c.json(comment, 201);
    })
    .openapi(updateCommentRoute, async (c) =>
      c.json(await community.updateComment(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(deleteCommentRoute, async (c) => {
      await community.deleteComment(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(reactPostRoute, async (c) => {
      const target = { kind: 'post' as const, id: c.req.valid('param').id };
      return c.json(await community.toggleReaction(actorOf(c), target, c.req.valid('json').reactionType), 200);
    })
    .openapi(reactCommentRoute, async (c) => {
      const target = { kind: 'comment' as const, id: c.req.valid('param').id };
      return c.json(await community.toggleReaction(actorOf(c), target, c.req.valid('json').reactionType), 200);
    })
    .openapi(getProfileRoute, async (c) => c.json(await community.getProfile(actorOf(c), c.req.valid('param').id), 200))
    .openapi(updateProfileRoute, async (c) => {
      const input: UpdateProfileInput = c.req.valid('json');
      return c.json(await community.updateProfile(actorOf(c), c.req.valid('param').id, input), 200);
    })
    .openapi(eventsRoute, async (c) => c.json(await community.listEvents(actorOf(c), c.req.valid('query')), 200))
    .openapi(streamRoute, async (c) => {
      const actor = actorOf(c);
      const { after, scope, maxSeconds } = c.req.valid('query');
      return (await communityStream(c, {
        events: community.events,
        channel: community.channelFor(actor, scope),
        after: c.req.header('last-event-id') ?? after,
        logger,
        maxSeconds: maxSeconds ?? 300,
      })) as never;
    });
}
