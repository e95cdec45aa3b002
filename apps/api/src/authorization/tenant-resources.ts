/**
 * Every kind of resource that lives inside an organisation, for `cross-tenant.test.ts`: how to create
 * one in organisation A, the requests that read, update or delete it, and what A's owner reads to prove
 * an attempt from another tenant changed nothing. Later issues add their resources (agents, runs,
 * modules, posts…) as rows here.
 */
import type { HttpMethod } from './authorization-matrix.ts';
import { educationApi, passingAnswers, publishedModule } from './education-fixtures.ts';
import { type Caller, type RequestSpec, sendOk, type World } from './fixture-world.ts';
import { newContentInA, newPendingItemInA } from './moderation-fixtures.ts';
import { attachmentUploadInA, uploadInA } from './upload-fixtures.ts';

export type ResourceIds = { orgId: string } & Record<string, string>;

export interface TenantRequest extends RequestSpec {
  action: 'read' | 'update' | 'delete';
  method: HttpMethod;
}

export interface TenantResource {
  name: string;
  create(world: World): Promise<ResourceIds>;
  requests(ids: ResourceIds, world: World): TenantRequest[];
  /**
   * The routes name no organisation: they act in the active one (`X-Organization-Id`). B with B active
   * gets B's own data, so the only attempt on A is forging the header (403).
   */
  activeOrgScoped?: true;
  /** Read by organisation A's owner before and after the attempts; must be equal. */
  snapshot(world: World, ids: ResourceIds): Promise<unknown>;
}

const ownerA = (world: World): Caller => world.callers.owner;

// A range around now that a usage report may cover (at most 366 days).
const usageFrom = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
const usageTo = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

interface Page<T> {
  items: T[];
}

export const tenantResources: readonly TenantResource[] = [
  {
    name: 'organisation',
    create: async (world) => ({ orgId: world.orgA.id }),
    requests: ({ orgId }, world) => [
      { action: 'read', method: 'GET', path: `/api/orgs/${orgId}` },
      { action: 'read', method: 'GET', path: `/api/orgs/${orgId}/members` },
      { action: 'update', method: 'PATCH', path: `/api/orgs/${orgId}`, body: { name: 'Taken over' } },
      {
        action: 'update',
        method: 'POST',
        path: `/api/orgs/${orgId}/transfer-ownership`,
        body: { userId: world.ownerB.userId },
      },
      // B's owner, with B's owner's own password: the name is A's, so only tenancy can refuse it.
      {
        action: 'delete',
        method: 'DELETE',
        path: `/api/orgs/${orgId}`,
        body: { name: 'Matrix organisation A', password: world.ownerB.password },
      },
    ],
    snapshot: (world, { orgId }) => sendOk(ownerA(world), 'GET', { path: `/api/orgs/${orgId}` }, 200),
  },
  {
    name: 'member',
    create: async (world) => {
      const member = await world.newMember('member', 'tenant-member');
      return { orgId: world.orgA.id, userId: member.userId! };
    },
    requests: ({ orgId, userId }) => [
      { action: 'read', method: 'GET', path: `/api/orgs/${orgId}/members` },
      { action: 'update', method: 'PATCH', path: `/api/orgs/${orgId}/members/${userId}`, body: { role: 'admin' } },
      { action: 'update', method: 'POST', path: `/api/orgs/${orgId}/transfer-ownership`, body: { userId } },
      { action: 'delete', method: 'DELETE', path: `/api/orgs/${orgId}/members/${userId}` },
    ],
    snapshot: async (world, { orgId, userId }) => {
      const page = await sendOk<Page<{ userId: string }>>(
        ownerA(world),
        'GET',
        { path: `/api/orgs/${orgId}/members` },
        200,
      );
      return page.items.find((m) => m.userId === userId) ?? null;
    },
  },
  {
    name: 'invitation',
    create: async (world) => {
      const invitation = await world.newInvitation('member');
      return { orgId: world.orgA.id, invitationId: invitation.id };
    },
    requests: ({ orgId, invitationId }, world) => [
      { action: 'read', method: 'GET', path: `/api/orgs/${orgId}/invitations` },
      {
        action: 'update',
        method: 'POST',
        path: `/api/orgs/${orgId}/invitations`,
        body: { email: world.ownerB.email, role: 'admin' },
      },
      { action: 'delete', method: 'DELETE', path: `/api/orgs/${orgId}/invitations/${invitationId}` },
    ],
    snapshot: async (world, { orgId, invitationId }) => {
      const page = await sendOk<Page<{ id: string }>>(
        ownerA(world),
        'GET',
        { path: `/api/orgs/${orgId}/invitations` },
        200,
      );
      return { invitation: page.items.find((i) => i.id === invitationId) ?? null, count: page.items.length };
    },
  },
  {
    name: 'audit log',
    create: async (world) => {
      // A state change in A, so its log has an entry to protect.
      await sendOk(ownerA(world), 'PATCH', { path: `/api/orgs/${world.orgA.id}`, body: { name: 'Audited A' } }, 200);
      return { orgId: world.orgA.id, actorId: ownerA(world).userId! };
    },
    requests: ({ orgId, actorId }) => [
      { action: 'read', method: 'GET', path: `/api/orgs/${orgId}/audit` },
      { action: 'read', method: 'GET', path: `/api/orgs/${orgId}/audit?actorId=${actorId}` },
      // Entries cannot be edited or deleted by anyone: there are no such routes (checked in cross-tenant.test.ts).
    ],
    snapshot: async (world, { orgId }) => {
      // Refused attempts may be logged (outcome denied/failure); what happened in A must stay as it was.
      const page = await sendOk<Page<{ outcome: string }>>(
        ownerA(world),
        'GET',
        { path: `/api/orgs/${orgId}/audit?limit=100` },
        200,
      );
      return page.items.filter((entry) => entry.outcome === 'success');
    },
  },
  {
    name: 'AI usage and limits',
    activeOrgScoped: true,
    create: async (world) => {
      // A call in A, so its ledger has an entry to protect.
      await sendOk(
        ownerA(world),
        'POST',
        { path: '/api/ai/complete', body: { model: 'offline', prompt: 'Tenant A', maxTokens: 8, cache: false } },
        200,
      );
      return { orgId: world.orgA.id };
    },
    requests: () => [
      { action: 'read', method: 'GET', path: `/api/ai/usage?from=${usageFrom}&to=${usageTo}&groupBy=user` },
      { action: 'read', method: 'GET', path: '/api/ai/limits' },
      { action: 'update', method: 'PUT', path: '/api/ai/limits', body: { limits: { tokensPerMinute: 1 } } },
      {
        action: 'update',
        method: 'POST',
        path: '/api/ai/complete',
        body: { model: 'offline', prompt: 'Spend A', maxTokens: 8, cache: false },
      },
    ],
    snapshot: async (world) => ({
      usage: await sendOk(
        ownerA(world),
        'GET',
        { path: `/api/ai/usage?from=${usageFrom}&to=${usageTo}&groupBy=user` },
        200,
      ),
      limits: await sendOk(ownerA(world), 'GET', { path: '/api/ai/limits' }, 200),
    }),
  },
  // Education (issue 4): a published module of A with a text section and a quiz.
  {
    name: 'education module',
    create: async (world) => {
      const module = await publishedModule(world);
      return { orgId: world.orgA.id, moduleId: module.id, textId: module.textId, quizId: module.quizId };
    },
    // The asset route asked for JSON (`format=json`: 200 with the signed URL instead of a 302), on an
    // object key under the module's prefix, which its editors (A's owner) may open.
    requests: ({ orgId, moduleId, textId, quizId }) => {
      const m = `${educationApi}/modules/${moduleId}`;
      const assetKey = encodeURIComponent(`orgs/${orgId}/modules/${moduleId}/documents/upl_tenant.pdf`);
      return [
        { action: 'read', method: 'GET', path: m },
        { action: 'read', method: 'GET', path: `${m}/asset?key=${assetKey}&format=json` },
        { action: 'read', method: 'GET', path: `${m}/versions` },
        { action: 'read', method: 'GET', path: `${m}/insights` },
        { action: 'update', method: 'PUT', path: m, body: { title: 'Taken over', version: 1 } },
        {
          action: 'update',
          method: 'POST',
          path: `${m}/sections`,
          body: { title: 'X', contentType: 'text', contentData: { markdown: 'x' } },
        },
        { action: 'update', method: 'PUT', path: `${m}/sections/${textId}`, body: { title: 'Taken over' } },
        { action: 'update', method: 'PUT', path: `${m}/section-order`, body: { sectionOrder: [quizId, textId] } },
        { action: 'update', method: 'POST', path: `${m}/submit`, body: {} },
        { action: 'update', method: 'POST', path: `${m}/approve`, body: {} },
        { action: 'update', method: 'POST', path: `${m}/reject`, body: { comments: 'No' } },
        { action: 'update', method: 'POST', path: `${m}/archive`, body: {} },
        { action: 'update', method: 'POST', path: `${m}/enroll` },
        { action: 'update', method: 'POST', path: `${m}/sections/${textId}/complete` },
        { action: 'update', method: 'POST', path: `${m}/sections/${quizId}/quiz-attempts`, body: passingAnswers },
        { action: 'update', method: 'POST', path: `${m}/enrollment/move` },
        { action: 'delete', method: 'DELETE', path: `${m}/sections/${textId}` },
        { action: 'delete', method: 'DELETE', path: m },
      ];
    },
    snapshot: async (world, { moduleId }) => {
      const m = `${educationApi}/modules/${moduleId}`;
      return {
        module: await sendOk(ownerA(world), 'GET', { path: m }, 200),
        versions: await sendOk(ownerA(world), 'GET', { path: `${m}/versions` }, 200),
        insights: await sendOk(ownerA(world), 'GET', { path: `${m}/insights` }, 200),
      };
    },
  },
  {
    name: 'education catalog and learning',
    activeOrgScoped: true,
    create: async (world) => {
      const module = await publishedModule(world);
      await sendOk(ownerA(world), 'POST', { path: `${educationApi}/modules/${module.id}/enroll` }, 201);
      return { orgId: world.orgA.id, moduleId: module.id };
    },
    requests: () => [
      { action: 'read', method: 'GET', path: `${educationApi}/catalog` },
      { action: 'read', method: 'GET', path: `${educationApi}/me/learning` },
      { action: 'read', method: 'GET', path: `${educationApi}/modules` },
      {
        action: 'update',
        method: 'POST',
        path: `${educationApi}/modules`,
        body: { title: 'Planted', contentType: 'text', difficulty: 'beginner' },
      },
    ],
    snapshot: async (world) => ({
      catalog: await sendOk(ownerA(world), 'GET', { path: `${educationApi}/catalog?limit=100` }, 200),
      learning: await sendOk(ownerA(world), 'GET', { path: `${educationApi}/me/learning?limit=100` }, 200),
      modules: await sendOk(ownerA(world), 'GET', { path: `${educationApi}/modules?limit=100` }, 200),
    }),
  },
  // End of education.
  // Community moderation (issue 5 items 6–7)
  {
    name: 'moderation queue item and flagged content',
    create: async (world) => {
      const item = await newPendingItemInA(world);
      const comment = await newContentInA(world, 'comment');
      return { orgId: world.orgA.id, itemId: item.itemId, postId: item.contentId, commentId: comment.id };
    },
    requests: ({ itemId, postId, commentId }) => [
      { action: 'read', method: 'GET', path: `/api/community/moderation/items/${itemId}` },
      {
        action: 'update',
        method: 'POST',
        path: `/api/community/moderation/items/${itemId}/decision`,
        body: { action: 'remove', reason: 'Taken over' },
      },
      {
        action: 'update',
        method: 'POST',
        path: `/api/community/moderation/items/${itemId}/appeal`,
        body: { message: 'Taken over' },
      },
      { action: 'update', method: 'POST', path: `/api/community/posts/${postId}/flag`, body: { reason: 'Taken over' } },
      {
        action: 'update',
        method: 'POST',
        path: `/api/community/comments/${commentId}/flag`,
        body: { reason: 'Taken over' },
      },
    ],
    snapshot: async (world, { itemId, commentId }) => ({
      item: await sendOk(ownerA(world), 'GET', { path: `/api/community/moderation/items/${itemId}` }, 200),
      commentFlags: (
        await world.platform.deps.itemStore.query({
          pk: `T#${world.orgA.id}#MOD`,
          sk: { beginsWith: `FLAG#comment#${commentId}#` },
        })
      ).items.length,
    }),
  },
  {
    name: 'moderation queue and word list',
    activeOrgScoped: true,
    create: async (world) => {
      await sendOk(
        ownerA(world),
        'PUT',
        { path: '/api/community/moderation/words', body: { words: [{ word: 'tenantword', action: 'block' }] } },
        200,
      );
      await newPendingItemInA(world);
      return { orgId: world.orgA.id };
    },
    requests: () => [
      { action: 'read', method: 'GET', path: '/api/community/moderation/queue' },
      { action: 'read', method: 'GET', path: '/api/community/moderation/words' },
      { action: 'update', method: 'PUT', path: '/api/community/moderation/words', body: { words: [] } },
    ],
    snapshot: async (world) => ({
      words: await sendOk(ownerA(world), 'GET', { path: '/api/community/moderation/words' }, 200),
      queue: await sendOk(ownerA(world), 'GET', { path: '/api/community/moderation/queue?limit=100' }, 200),
    }),
  },
  {
    name: 'notifications',
    activeOrgScoped: true,
    create: async (world) => {
      const owner = ownerA(world);
      await world.platform.deps.notifications.notify({
        organizationId: world.orgA.id,
        userId: owner.userId ?? '',
        kind: 'test.tenant',
        title: 'Only for A',
      });
      const page = await sendOk<Page<{ id: string }>>(owner, 'GET', { path: '/api/notifications' }, 200);
      return { orgId: world.orgA.id, notificationId: page.items[0]?.id ?? '' };
    },
    requests: (ids) => [
      { action: 'read', method: 'GET', path: '/api/notifications' },
      { action: 'read', method: 'GET', path: '/api/notifications/unread-count' },
      { action: 'update', method: 'POST', path: '/api/notifications/read', body: { ids: [ids.notificationId] } },
      { action: 'update', method: 'POST', path: '/api/notifications/read', body: { all: true } },
    ],
    snapshot: async (world) => sendOk(ownerA(world), 'GET', { path: '/api/notifications' }, 200),
  },
  // Community (issue 5). Content is written by a new member of A each time (new members are trust
  // level 0, a few posts a day); A's owner reads the snapshots (the first read counts the one view).
  {
    name: 'community post',
    create: async (world) => {
      const author = await world.newMember('member', 'tenant-author');
      const post = await sendOk<{ id: string }>(
        author,
        'POST',
        { path: '/api/community/posts', body: { title: 'Tenant A post', content: 'Only for A', visibility: 'public' } },
        201,
      );
      return { orgId: world.orgA.id, postId: post.id };
    },
    requests: ({ postId }) => [
      { action: 'read', method: 'GET', path: `/api/community/posts/${postId}` },
      { action: 'read', method: 'GET', path: `/api/community/posts/${postId}/history` },
      { action: 'read', method: 'GET', path: `/api/community/posts/${postId}/comments` },
      {
        action: 'update',
        method: 'PUT',
        path: `/api/community/posts/${postId}`,
        body: { content: 'Taken', version: 1 },
      },
      {
        action: 'update',
        method: 'POST',
        path: `/api/community/posts/${postId}/comments`,
        body: { content: 'From B' },
      },
      {
        action: 'update',
        method: 'POST',
        path: `/api/community/posts/${postId}/react`,
        body: { reactionType: 'like' },
      },
      { action: 'delete', method: 'DELETE', path: `/api/community/posts/${postId}` },
    ],
    snapshot: async (world, { postId }) => ({
      post: await sendOk(ownerA(world), 'GET', { path: `/api/community/posts/${postId}` }, 200),
      comments: await sendOk(ownerA(world), 'GET', { path: `/api/community/posts/${postId}/comments` }, 200),
    }),
  },
  {
    name: 'community comment',
    create: async (world) => {
      const author = await world.newMember('member', 'tenant-commenter');
      const post = await sendOk<{ id: string }>(
        author,
        'POST',
        { path: '/api/community/posts', body: { title: 'Tenant A thread', content: 'Discuss in A' } },
        201,
      );
      const comment = await sendOk<{ id: string }>(
        author,
        'POST',
        { path: `/api/community/posts/${post.id}/comments`, body: { content: 'A comment' } },
        201,
      );
      return { orgId: world.orgA.id, postId: post.id, commentId: comment.id };
    },
    requests: ({ postId, commentId }) => [
      {
        action: 'update',
        method: 'POST',
        path: `/api/community/posts/${postId}/comments`,
        body: { content: 'Reply from B', parentCommentId: commentId },
      },
      {
        action: 'update',
        method: 'PUT',
        path: `/api/community/comments/${commentId}`,
        body: { content: 'B', version: 1 },
      },
      {
        action: 'update',
        method: 'POST',
        path: `/api/community/comments/${commentId}/react`,
        body: { reactionType: 'love' },
      },
      { action: 'delete', method: 'DELETE', path: `/api/community/comments/${commentId}` },
    ],
    snapshot: (world, { postId }) =>
      sendOk(ownerA(world), 'GET', { path: `/api/community/posts/${postId}/comments` }, 200),
  },
  {
    name: 'community profile',
    create: async (world) => {
      const userId = world.callers.member.userId!;
      await sendOk(
        world.callers.member,
        'PUT',
        { path: `/api/community/users/${userId}/profile`, body: { bio: 'A member of A' } },
        200,
      );
      return { orgId: world.orgA.id, userId };
    },
    requests: ({ userId }) => [
      { action: 'read', method: 'GET', path: `/api/community/users/${userId}/profile` },
      { action: 'update', method: 'PUT', path: `/api/community/users/${userId}/profile`, body: { bio: 'From B' } },
    ],
    snapshot: (world, { userId }) =>
      sendOk(ownerA(world), 'GET', { path: `/api/community/users/${userId}/profile` }, 200),
  },
  {
    name: 'community feed and events',
    activeOrgScoped: true,
    create: async (world) => {
      await sendOk(
        await world.newMember('member', 'tenant-poster'),
        'POST',
        { path: '/api/community/posts', body: { title: 'Feed of A', content: 'Members of A only' } },
        201,
      );
      return { orgId: world.orgA.id };
    },
    requests: () => [
      { action: 'read', method: 'GET', path: '/api/community/posts' },
      { action: 'read', method: 'GET', path: '/api/community/events?after=0' },
      { action: 'read', method: 'GET', path: '/api/community/stream?after=0&maxSeconds=0' },
      { action: 'update', method: 'POST', path: '/api/community/posts', body: { title: 'B in A', content: 'x' } },
    ],
    snapshot: async (world) => ({
      feed: await sendOk(ownerA(world), 'GET', { path: '/api/community/posts?limit=100' }, 200),
      events: await sendOk(ownerA(world), 'GET', { path: '/api/community/events?after=0&limit=500' }, 200),
    }),
  },
  // Uploads (issue 4 item 4): an upload on one of A's modules, its status, completing it, and asking
  // for another upload URL on the same module.
  {
    name: 'upload',
    create: (world) => uploadInA(world),
    requests: ({ uploadId, moduleId }) => [
      { action: 'read', method: 'GET', path: `/api/education/uploads/${uploadId}` },
      { action: 'update', method: 'POST', path: `/api/education/uploads/${uploadId}/complete` },
      {
        action: 'update',
        method: 'POST',
        path: `/api/education/modules/${moduleId}/upload`,
        body: { fileName: 'planted.png', contentType: 'image/png', sizeBytes: 100, purpose: 'thumbnail' },
      },
    ],
    snapshot: async (world, { uploadId }) => {
      const view = await sendOk<Record<string, unknown>>(
        ownerA(world),
        'GET',
        { path: `/api/education/uploads/${uploadId}` },
        200,
      );
      // Signed links differ per read; what they point at does not.
      return { ...view, asset: null };
    },
  },
  // Community post attachments (issue 5): A's owner's upload for their posts. B cannot read or complete
  // it, nor attach it to a post in B (404: the upload does not exist for B).
  {
    name: 'community post attachment',
    create: (world) => attachmentUploadInA(world),
    requests: ({ uploadId }) => [
      { action: 'read', method: 'GET', path: `/api/education/uploads/${uploadId}` },
      { action: 'update', method: 'POST', path: `/api/education/uploads/${uploadId}/complete` },
      {
        action: 'update',
        method: 'POST',
        path: '/api/community/posts',
        body: { title: 'Borrowed file', content: 'A post in B with a file of A', attachments: [uploadId] },
      },
    ],
    snapshot: (world, { uploadId }) =>
      sendOk(ownerA(world), 'GET', { path: `/api/education/uploads/${uploadId}` }, 200),
  },
  {
    name: 'workbench agent and run',
    create: async (world) => {
      const owner = ownerA(world);
      const graph = {
        nodes: [
          { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: {} },
          { id: 'o', type: 'output', position: { x: 0, y: 100 }, data: {} },
        ],
        edges: [{ id: 'e', source: 't', target: 'o' }],
      };
      const agent = await sendOk<{ id: string; version: number; webhookSecret: string }>(
        owner,
        'POST',
        { path: '/api/agents', body: { name: 'Tenant A agent', graph } },
        201,
      );
      const run = await sendOk<{ id: string }>(
        owner,
        'POST',
        { path: `/api/agents/${agent.id}/execute`, body: {} },
        202,
      );
      const stopped = await sendOk<{ id: string }>(
        owner,
        'POST',
        { path: `/api/agents/${agent.id}/execute`, body: {} },
        202,
      );
      await sendOk(owner, 'POST', { path: `/api/runs/${stopped.id}/stop` }, 200);
      return {
        orgId: world.orgA.id,
        agentId: agent.id,
        version: String(agent.version),
        runId: run.id,
        stoppedRunId: stopped.id,
      };
    },
    requests: (ids) => [
      { action: 'read', method: 'GET', path: `/api/agents/${ids.agentId}` },
      { action: 'read', method: 'GET', path: `/api/agents/${ids.agentId}/runs` },
      { action: 'read', method: 'GET', path: `/api/runs/${ids.runId}` },
      { action: 'read', method: 'GET', path: `/api/runs/${ids.runId}/logs` },
      {
        action: 'update',
        method: 'PUT',
        path: `/api/agents/${ids.agentId}`,
        body: { version: Number(ids.version), name: 'Taken' },
      },
      { action: 'update', method: 'POST', path: `/api/agents/${ids.agentId}/publish` },
      { action: 'update', method: 'POST', path: `/api/agents/${ids.agentId}/webhook-secret` },
      { action: 'update', method: 'POST', path: `/api/agents/${ids.agentId}/execute`, body: { input: 'from B' } },
      { action: 'update', method: 'POST', path: `/api/runs/${ids.runId}/stop` },
      { action: 'update', method: 'POST', path: `/api/runs/${ids.stoppedRunId}/retry` },
      { action: 'delete', method: 'DELETE', path: `/api/agents/${ids.agentId}` },
    ],
    snapshot: async (world, ids) => ({
      agent: await sendOk(ownerA(world), 'GET', { path: `/api/agents/${ids.agentId}` }, 200),
      runs: await sendOk(ownerA(world), 'GET', { path: `/api/agents/${ids.agentId}/runs` }, 200),
      run: await sendOk(ownerA(world), 'GET', { path: `/api/runs/${ids.runId}` }, 200),
    }),
  },
];
