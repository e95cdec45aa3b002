/**
 * Community moderation over HTTP (issue 5 items 6 and 7): flags on posts and comments, the moderators'
 * queue, decisions, the author's appeal and the word list. Every route acts in the active organisation
 * (`X-Organization-Id`, else the caller's default one): another organisation's posts, comments and
 * queue items do not exist here (404). The moderation facade authorises.
 */
import {
  AppealRequest,
  ContentIdParams,
  DecisionRequest,
  FlagRequest,
  FlagResult,
  QueueItem,
  QueueItemPage,
  QueueItemParams,
  QueueQuery,
  UpdateWordListRequest,
  WordList,
} from '@diatonic/api-schemas';
import { type Actor, AppError, type ModeratedKind, type Moderation } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';

const contentTarget = (type: ModeratedKind) => (params: Record<string, string>) =>
  params.id ? { type, id: params.id } : null;
const itemTarget = (params: Record<string, string>) => (params.id ? { type: 'moderation_item', id: params.id } : null);
const orgTarget = (_params: Record<string, string>, c: Context<AppEnv>) => {
  const orgId = c.get('actor')?.orgId;
  return orgId ? { type: 'organization', id: orgId } : null;
};

function flagRoute(kind: ModeratedKind) {
  const plural = kind === 'post' ? 'posts' : 'comments';
  return createRoute({
    method: 'post',
    path: `/api/community/${plural}/{id}/flag`,
    tags: ['community moderation'],
    summary: `Flag a ${kind} for moderators (flag:create); once per member, weighted by trust; hidden at the threshold`,
    ...signedIn({ action: `community.${kind}_flag`, target: contentTarget(kind) }),
    request: { params: ContentIdParams, body: jsonBody(FlagRequest) },
    responses: {
      200: jsonResponse('The flag (created false when already flagged)', FlagResult),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
}

const queueRoute = createRoute({
  method: 'get',
  path: '/api/community/moderation/queue',
  tags: ['community moderation'],
  summary: 'Held, flagged and appealed content to decide, or decided items (moderation:review)',
  ...signedIn(),
  request: { query: QueueQuery },
  responses: { 200: jsonResponse('One page of queue items', QueueItemPage), ...errorResponses(400, 401, 403) },
});

const getItemRoute = createRoute({
  method: 'get',
  path: '/api/community/moderation/items/{id}',
  tags: ['community moderation'],
  summary: 'One queue item, for moderators or for the author of its content (who sees reasons and decisions)',
  ...signedIn(),
  request: { params: QueueItemParams },
  responses: { 200: jsonResponse('The queue item', QueueItem), ...errorResponses(401, 403, 404) },
});

const decisionRoute = createRoute({
  method: 'post',
  path: '/api/community/moderation/items/{id}/decision',
  tags: ['community moderation'],
  summary:
    'Approve, remove or warn, with a reason sent to the author (moderation:review); an appeal needs a different moderator',
  ...signedIn({ action: 'moderation.decision', target: itemTarget }),
  request: { params: QueueItemParams, body: jsonBody(DecisionRequest) },
  responses: { 200: jsonResponse('The decided item', QueueItem), ...errorResponses(400, 401, 403, 404, 409) },
});

const appealRoute = createRoute({
  method: 'post',
  path: '/api/community/moderation/items/{id}/appeal',
  tags: ['community moderation'],
  summary: "Appeal a remove or warn decision, once, as the content's author; reopens the item",
  ...signedIn({ action: 'moderation.appeal', target: itemTarget }),
  request: { params: QueueItemParams, body: jsonBody(AppealRequest) },
  responses: { 200: jsonResponse('The reopened item', QueueItem), ...errorResponses(400, 401, 403, 404, 409) },
});

const getWordsRoute = createRoute({
  method: 'get',
  path: '/api/community/moderation/words',
  tags: ['community moderation'],
  summary: "The organisation's word list and built-in profanity action (moderation:review)",
  ...signedIn(),
  responses: { 200: jsonResponse('The word list', WordList), ...errorResponses(401, 403) },
});

const putWordsRoute = createRoute({
  method: 'put',
  path: '/api/community/moderation/words',
  tags: ['community moderation'],
  summary: 'Replace the word list: each word blocks, censors or holds (moderation:configure)',
  ...signedIn({ action: 'moderation.words_update', target: orgTarget }),
  request: { body: jsonBody(UpdateWordListRequest) },
  responses: { 200: jsonResponse('The word list', WordList), ...errorResponses(400, 401, 403) },
});

/** The caller acting in an organisation; without one there is no community to moderate. */
function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw AppError.forbidden('post:read', 'Join or create an organisation to use the community');
  return actor;
}

export interface CommunityModerationRoutesOptions {
  moderation: Moderation;
}

export function communityModerationRoutes({ moderation }: CommunityModerationRoutesOptions) {
  return new OpenAPIHono<AppEnv>()
    .openapi(flagRoute('post'), async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      return c.json(await moderation.flag(actorOf(c), { kind: 'post', id, reason }), 200);
    })
    .openapi(flagRoute('comment'), async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      return c.json(await moderation.flag(actorOf(c), { kind: 'comment', id, reason }), 200);
    })
    .openapi(queueRoute, async (c) => c.json(await moderation.listQueue(actorOf(c), c.req.valid('query')), 200))
    .openapi(getItemRoute, async (c) => c.json(await moderation.getItem(actorOf(c), c.req.valid('param').id), 200))
    .openapi(decisionRoute, async (c) => {
      const { action, reason } = c.req.valid('json');
      return c.json(await moderation.decide(actorOf(c), c.req.valid('param').id, { action, reason }), 200);
    })
    .openapi(appealRoute, async (c) => {
      const { message } = c.req.valid('json');
      return c.json(await moderation.appeal(actorOf(c), c.req.valid('param').id, { message }), 200);
    })
    .openapi(getWordsRoute, async (c) => c.json(await moderation.getWordList(actorOf(c)), 200))
    .openapi(putWordsRoute, async (c) => {
      const { words, builtInAction } = c.req.valid('json');
      return c.json(
        await moderation.updateWordList(actorOf(c), { words, ...(builtInAction ? { builtInAction } : {}) }),
        200,
      );
    });
}
