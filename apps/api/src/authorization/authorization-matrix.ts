/**
 * The authorisation matrix: one row per registered route (method + path exactly as Hono registers it),
 * the status each kind of caller must get, and how to build a request that is valid in every other
 * respect, so the status measures authorisation and nothing else. `authorization-matrix.test.ts` fails
 * when the app has a route without a row here, so every new route must be added with its expectations.
 *
 * Callers: `anonymous` (no token); `member` … `owner` (their role in organisation A, the active
 * organisation); `platform_admin` (a platform admin who is not a member of A, acting in their own
 * personal organisation). Organisation-scoped routes answer 404 to non-members: another tenant's
 * organisation does not exist for them (DESIGN §5, identity README).
 */
import {
  draftModule,
  educationApi,
  enrolIfMember,
  moduleInReview,
  passingAnswers,
  publishedModule,
  republish,
  sharedModuleWithDocument,
  sharedPublishedModule,
} from './education-fixtures.ts';
import type { Caller, MatrixRole, RequestSpec, World } from './fixture-world.ts';
import { otherPassword, sendOk, uniqueEmail } from './fixture-world.ts';
import { newContentInA, newPendingItemInA, newRemovedItemInA } from './moderation-fixtures.ts';
import { moduleInA, signedDownload, signedJsonUpload, uploadInA } from './upload-fixtures.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface MatrixCell {
  world: World;
  caller: Caller;
}

export interface MatrixRow {
  method: HttpMethod;
  /** As registered in Hono: `:param` segments, e.g. `/api/orgs/:orgId`. */
  path: string;
  /** Reachable without a token (health, docs, sign-in…). */
  public?: true;
  /** Roles whose cell needs a caller of its own because the request changes or ends the caller's account or role. */
  freshCallers?: readonly MatrixRole[];
  expect: Readonly<Record<MatrixRole, number>>;
  request(cell: MatrixCell): RequestSpec | Promise<RequestSpec>;
}

export const routeKey = (row: { method: string; path: string }) => `${row.method} ${row.path}`;

const everyone = (status: number): Record<MatrixRole, number> => ({
  anonymous: status,
  member: status,
  instructor: status,
  moderator: status,
  admin: status,
  owner: status,
  platform_admin: status,
});

/** Any signed-in user gets `status`; no token is 401. */
const signedIn = (status: number): Record<MatrixRole, number> => ({ ...everyone(status), anonymous: 401 });

/** Organisation A's routes: by role inside A; a platform admin who is not a member gets 404 like any outsider. */
const inOrgA = (byRole: Record<'member' | 'instructor' | 'moderator' | 'admin' | 'owner', number>) => ({
  anonymous: 401,
  ...byRole,
  platform_admin: 404,
});

const ownerAndAdmin = (ok: number) => inOrgA({ member: 403, instructor: 403, moderator: 403, admin: ok, owner: ok });
/** Moderators, admins and owners (moderation:review). */
const moderators = (ok: number) => inOrgA({ member: 403, instructor: 403, moderator: ok, admin: ok, owner: ok });
const anyMember = (ok: number) => inOrgA({ member: ok, instructor: ok, moderator: ok, admin: ok, owner: ok });
/** A's modules: their author (the instructor), admins and owners; members and moderators lack the permission. */
const educationEditors = (ok: number) => inOrgA({ member: 403, instructor: ok, moderator: 403, admin: ok, owner: ok });
const educationPublishers = (ok: number) =>
  inOrgA({ member: 403, instructor: 403, moderator: 403, admin: ok, owner: ok });

const allSignedInRoles: readonly MatrixRole[] = [
  'member',
  'instructor',
  'moderator',
  'admin',
  'owner',
  'platform_admin',
];

/** Who signs in for an anonymous cell of a credentials route: any account works, the member's does. */
const accountOf = ({ world, caller }: MatrixCell) => (caller.role === 'anonymous' ? world.callers.member : caller);

let communityCounter = 0;
/** Unique text, so moderation's duplicate check never refuses a fixture. */
const uniqueText = (label: string) => `${label} ${++communityCounter} written at ${Date.now()} for one matrix cell`;

/**
 * Community content for one cell, by `author` or else by a new member of A. New members are trust
 * level 0 (a few posts a day), so each fixture post gets its own author unless the cell needs the
 * caller to be the author (the author-only routes' member cell).
 */
async function communityPost(world: World, author?: Caller): Promise<string> {
  const writer = author ?? (await world.newMember('member', 'author'));
  const post = await sendOk<{ id: string }>(
    writer,
    'POST',
    { path: '/api/community/posts', body: { title: 'Matrix post', content: uniqueText('Post') } },
    201,
  );
  return post.id;
}

/** A comment by `author` (or a new member) on a new member's post. */
async function communityComment(world: World, author?: Caller): Promise<string> {
  const postId = await communityPost(world);
  const writer = author ?? (await world.newMember('member', 'commenter'));
  const comment = await sendOk<{ id: string }>(
    writer,
    'POST',
    { path: `/api/community/posts/${postId}/comments`, body: { content: uniqueText('Comment') } },
    201,
  );
  return comment.id;
}

/** The member's cell of an author-only route acts on the member's own content; the others on someone else's. */
const ownIfMember = ({ caller }: MatrixCell) => (caller.role === 'member' ? caller : undefined);

// Workbench fixtures: agents and runs in organisation A, made by its owner. Runs stay queued (the
// matrix platform runs no workers), which is a valid state for every run route.
const matrixGraph = {
  nodes: [
    { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { triggerType: 'webhook' } },
    { id: 'o', type: 'output', position: { x: 0, y: 100 }, data: { outputFormat: 'text' } },
  ],
  edges: [{ id: 'e', source: 't', target: 'o' }],
};
interface MatrixAgent {
  id: string;
  version: number;
  webhookSecret: string;
}
const newAgentInA = (world: World) =>
  sendOk<MatrixAgent>(
    world.callers.owner,
    'POST',
    { path: '/api/agents', body: { name: 'Matrix agent', graph: matrixGraph } },
    201,
  );
const sharedAgents = new WeakMap<World, Promise<MatrixAgent>>();
const agentInA = (world: World) => {
  const agent = sharedAgents.get(world) ?? newAgentInA(world);
  sharedAgents.set(world, agent);
  return agent;
};
const newRunInA = async (world: World, stopped = false) => {
  const agent = await agentInA(world);
  const run = await sendOk<{ id: string }>(
    world.callers.owner,
    'POST',
    { path: `/api/agents/${agent.id}/execute`, body: { input: 'matrix' } },
    202,
  );
  if (stopped) await sendOk(world.callers.owner, 'POST', { path: `/api/runs/${run.id}/stop` }, 200);
  return run;
};
const sharedRuns = new WeakMap<World, Promise<{ id: string }>>();
const runInA = (world: World) => {
  const run = sharedRuns.get(world) ?? newRunInA(world);
  sharedRuns.set(world, run);
  return run;
};

export const authorizationMatrix: readonly MatrixRow[] = [
  // Platform, probes and docs
  { method: 'GET', path: '/api/health', public: true, expect: everyone(200), request: () => ({ path: '/api/health' }) },
  { method: 'GET', path: '/api/ready', public: true, expect: everyone(200), request: () => ({ path: '/api/ready' }) },
  {
    method: 'GET',
    path: '/api/platform',
    public: true,
    expect: everyone(200),
    request: () => ({ path: '/api/platform' }),
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    public: true,
    expect: everyone(200),
    request: () => ({ path: '/api/openapi.json' }),
  },
  { method: 'GET', path: '/api/docs', public: true, expect: everyone(200), request: () => ({ path: '/api/docs' }) },
  {
    method: 'GET',
    path: '/api/docs/:file',
    public: true,
    expect: everyone(200),
    request: () => ({ path: '/api/docs/swagger-ui.css' }),
  },
  {
    method: 'GET',
    path: '/.well-known/jwks.json',
    public: true,
    expect: everyone(200),
    request: () => ({ path: '/.well-known/jwks.json' }),
  },
  // Web sign-in configuration (Cognito hosted UI for the web app)
  {
    method: 'GET',
    path: '/api/auth/config',
    public: true,
    expect: everyone(200),
    request: () => ({ path: '/api/auth/config' }),
  },
  // The web app (Node server): static files and the index.html fallback.
  {
    method: 'GET',
    path: '/*',
    public: true,
    expect: everyone(200),
    request: () => ({ path: '/orgs/some/members', headers: { accept: 'text/html' } }),
  },

  // Sessions (built-in provider)
  {
    method: 'POST',
    path: '/api/auth/signup',
    public: true,
    expect: everyone(201),
    request: () => ({
      path: '/api/auth/signup',
      body: { email: uniqueEmail('signup'), password: 'Signup-Pass-1618!', name: 'Matrix signup' },
    }),
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    public: true,
    expect: everyone(200),
    request: (cell) => {
      const account = accountOf(cell);
      return { path: '/api/auth/login', body: { email: account.email, password: account.password } };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/refresh',
    public: true,
    expect: everyone(200),
    request: async (cell) => ({
      path: '/api/auth/refresh',
      body: { refreshToken: (await cell.world.login(accountOf(cell))).refreshToken },
    }),
  },
  {
    // Public like refresh: holding the refresh token is the credential, and signing out must work
    // after the 15-minute access token has expired.
    method: 'POST',
    path: '/api/auth/logout',
    public: true,
    expect: everyone(204),
    request: async (cell) => ({
      path: '/api/auth/logout',
      body: { refreshToken: (await cell.world.login(accountOf(cell))).refreshToken },
    }),
  },
  { method: 'GET', path: '/api/auth/me', expect: signedIn(200), request: () => ({ path: '/api/auth/me' }) },

  // Organisations
  {
    method: 'POST',
    path: '/api/orgs',
    expect: signedIn(201),
    request: () => ({ path: '/api/orgs', body: { name: 'Matrix new organisation' } }),
  },
  { method: 'GET', path: '/api/orgs', expect: signedIn(200), request: () => ({ path: '/api/orgs' }) },
  {
    method: 'GET',
    path: '/api/orgs/:orgId',
    expect: anyMember(200),
    request: ({ world }) => ({ path: `/api/orgs/${world.orgA.id}` }),
  },
  {
    method: 'PATCH',
    path: '/api/orgs/:orgId',
    expect: ownerAndAdmin(200),
    request: ({ world }) => ({ path: `/api/orgs/${world.orgA.id}`, body: { name: 'Matrix organisation A' } }),
  },
  {
    method: 'DELETE',
    path: '/api/orgs/:orgId',
    // Members below owner are refused on A itself. The owner cell deletes an organisation of its own,
    // made for the cell (deleting A would end the world); it is owner there as the owner is in A.
    expect: inOrgA({ member: 403, instructor: 403, moderator: 403, admin: 403, owner: 202 }),
    request: async ({ world, caller }) => {
      if (caller.role !== 'owner') {
        return {
          path: `/api/orgs/${world.orgA.id}`,
          body: { name: 'Matrix organisation A', password: caller.password },
        };
      }
      const name = `Matrix doomed ${uniqueEmail('org')}`;
      const org = await sendOk<{ id: string }>(caller, 'POST', { path: '/api/orgs', body: { name } }, 201);
      return { path: `/api/orgs/${org.id}`, body: { name, password: caller.password } };
    },
  },
  {
    method: 'GET',
    path: '/api/orgs/:orgId/members',
    expect: anyMember(200),
    request: ({ world }) => ({ path: `/api/orgs/${world.orgA.id}/members` }),
  },
  {
    method: 'PATCH',
    path: '/api/orgs/:orgId/members/:userId',
    expect: ownerAndAdmin(200),
    request: async ({ world }) => {
      const target = await world.newMember('member', 'role-target');
      return { path: `/api/orgs/${world.orgA.id}/members/${target.userId}`, body: { role: 'instructor' } };
    },
  },
  {
    method: 'DELETE',
    path: '/api/orgs/:orgId/members/:userId',
    expect: ownerAndAdmin(204),
    request: async ({ world }) => {
      const target = await world.newMember('member', 'removal-target');
      return { path: `/api/orgs/${world.orgA.id}/members/${target.userId}` };
    },
  },
  {
    method: 'POST',
    path: '/api/orgs/:orgId/transfer-ownership',
    // The owner becomes an admin afterwards: each owner cell gets a co-owner of its own.
    freshCallers: ['owner'],
    expect: inOrgA({ member: 403, instructor: 403, moderator: 403, admin: 403, owner: 200 }),
    request: async ({ world }) => {
      const target = await world.newMember('member', 'ownership-target');
      return { path: `/api/orgs/${world.orgA.id}/transfer-ownership`, body: { userId: target.userId } };
    },
  },
  {
    method: 'POST',
    path: '/api/orgs/:orgId/invitations',
    expect: ownerAndAdmin(201),
    request: ({ world }) => ({
      path: `/api/orgs/${world.orgA.id}/invitations`,
      body: { email: uniqueEmail('invited'), role: 'member' },
    }),
  },
  {
    method: 'GET',
    path: '/api/orgs/:orgId/invitations',
    expect: ownerAndAdmin(200),
    request: ({ world }) => ({ path: `/api/orgs/${world.orgA.id}/invitations` }),
  },
  {
    method: 'DELETE',
    path: '/api/orgs/:orgId/invitations/:invitationId',
    expect: ownerAndAdmin(204),
    request: async ({ world }) => {
      const invitation = await world.newInvitation('member');
      return { path: `/api/orgs/${world.orgA.id}/invitations/${invitation.id}` };
    },
  },
  {
    method: 'POST',
    path: '/api/invitations/accept',
    expect: signedIn(200),
    request: async ({ world, caller }) => ({
      path: '/api/invitations/accept',
      body: { token: await world.invitationFor(caller.email ?? uniqueEmail('nobody')) },
    }),
  },
  {
    method: 'GET',
    path: '/api/orgs/:orgId/audit',
    expect: ownerAndAdmin(200),
    request: ({ world }) => ({ path: `/api/orgs/${world.orgA.id}/audit?limit=5` }),
  },

  // AI gateway: acts in the active organisation (A for its members, the platform admin's own personal
  // organisation, where they are the owner), so there is no outsider 404 here; the facade authorises.
  {
    method: 'GET',
    path: '/api/ai/models',
    expect: signedIn(200),
    request: () => ({ path: '/api/ai/models' }),
  },
  {
    method: 'POST',
    path: '/api/ai/complete',
    expect: signedIn(200),
    // The offline model is in every plan; cache off so every cell really goes through the reservation.
    request: () => ({
      path: '/api/ai/complete',
      body: { model: 'offline', prompt: 'Matrix', maxTokens: 16, cache: false },
    }),
  },
  {
    method: 'GET',
    path: '/api/ai/usage',
    expect: { ...ownerAndAdmin(200), platform_admin: 200 },
    request: () => ({ path: '/api/ai/usage?from=2020-01-01&to=2020-12-31&groupBy=model' }),
  },
  {
    method: 'GET',
    path: '/api/ai/limits',
    expect: { ...ownerAndAdmin(200), platform_admin: 200 },
    request: () => ({ path: '/api/ai/limits' }),
  },
  {
    method: 'PUT',
    path: '/api/ai/limits',
    expect: { ...ownerAndAdmin(200), platform_admin: 200 },
    // `null` returns a limit to its default: valid on every plan, and leaves A's limits as they were.
    request: () => ({ path: '/api/ai/limits', body: { limits: { tokensPerMinute: null } } }),
  },

  // Education (issue 4): acts in the active organisation. Modules of A are authored by A's instructor;
  // a platform admin acting in their own organisation finds none of them (404). Authors and admins
  // edit; members and moderators see published versions only; only admins and owners publish.
  {
    method: 'POST',
    path: '/api/education/modules',
    expect: {
      ...inOrgA({ member: 403, instructor: 201, moderator: 403, admin: 201, owner: 201 }),
      platform_admin: 201,
    },
    request: () => ({
      path: `${educationApi}/modules`,
      body: { title: 'Matrix module', contentType: 'text', difficulty: 'beginner' },
    }),
  },
  {
    method: 'GET',
    path: '/api/education/modules',
    expect: {
      ...inOrgA({ member: 403, instructor: 200, moderator: 403, admin: 200, owner: 200 }),
      platform_admin: 200,
    },
    request: () => ({ path: `${educationApi}/modules?limit=5` }),
  },
  {
    method: 'GET',
    path: '/api/education/modules/:id',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `${educationApi}/modules/${(await sharedPublishedModule(world)).id}` }),
  },
  {
    method: 'PUT',
    path: '/api/education/modules/:id',
    expect: educationEditors(200),
    request: async ({ world }) => {
      const module = await draftModule(world);
      return {
        path: `${educationApi}/modules/${module.id}`,
        body: { title: 'Matrix renamed', version: module.version },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/api/education/modules/:id',
    expect: educationEditors(200),
    request: async ({ world }) => ({ path: `${educationApi}/modules/${(await draftModule(world)).id}` }),
  },
  {
    method: 'POST',
    path: '/api/education/modules/:id/sections',
    expect: educationEditors(201),
    request: async ({ world }) => {
      const module = await draftModule(world);
      return {
        path: `${educationApi}/modules/${module.id}/sections`,
        body: { title: 'More', contentType: 'text', contentData: { markdown: 'More' }, version: module.version },
      };
    },
  },
  {
    method: 'PUT',
    path: '/api/education/modules/:id/sections/:sectionId',
    expect: educationEditors(200),
    request: async ({ world }) => {
      const module = await draftModule(world);
      return {
        path: `${educationApi}/modules/${module.id}/sections/${module.textId}`,
        body: { title: 'Read again', version: module.version },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/api/education/modules/:id/sections/:sectionId',
    expect: educationEditors(200),
    request: async ({ world }) => {
      const module = await draftModule(world);
      return { path: `${educationApi}/modules/${module.id}/sections/${module.textId}` };
    },
  },
  {
    method: 'PUT',
    path: '/api/education/modules/:id/section-order',
    expect: educationEditors(200),
    request: async ({ world }) => {
      const module = await draftModule(world);
      return {
        path: `${educationApi}/modules/${module.id}/section-order`,
        body: { sectionOrder: [module.quizId, module.textId], version: module.version },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/education/modules/:id/submit',
    expect: educationEditors(200),
    request: async ({ world }) => {
      const module = await draftModule(world);
      return { path: `${educationApi}/modules/${module.id}/submit`, body: { version: module.version } };
    },
  },
  {
    method: 'POST',
    path: '/api/education/modules/:id/approve',
    expect: educationPublishers(200),
    request: async ({ world }) => {
      const module = await moduleInReview(world);
      return { path: `${educationApi}/modules/${module.id}/approve`, body: { version: module.version } };
    },
  },
  {
    method: 'POST',
    path: '/api/education/modules/:id/reject',
    expect: educationPublishers(200),
    request: async ({ world }) => {
      const module = await moduleInReview(world);
      return {
        path: `${educationApi}/modules/${module.id}/reject`,
        body: { comments: 'Please add examples', version: module.version },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/education/modules/:id/archive',
    expect: educationEditors(200),
    request: async ({ world }) => {
      const module = await publishedModule(world);
      return { path: `${educationApi}/modules/${module.id}/archive`, body: { version: module.version } };
    },
  },
  {
    method: 'GET',
    path: '/api/education/modules/:id/versions',
    expect: anyMember(200),
    request: async ({ world }) => ({
      path: `${educationApi}/modules/${(await sharedPublishedModule(world)).id}/versions`,
    }),
  },
  {
    method: 'GET',
    path: '/api/education/modules/:id/insights',
    expect: educationEditors(200),
    request: async ({ world }) => ({
      path: `${educationApi}/modules/${(await sharedPublishedModule(world)).id}/insights`,
    }),
  },
  {
    method: 'GET',
    path: '/api/education/catalog',
    expect: signedIn(200),
    request: () => ({ path: `${educationApi}/catalog` }),
  },
  {
    method: 'GET',
    path: '/api/education/me/learning',
    expect: signedIn(200),
    request: () => ({ path: `${educationApi}/me/learning` }),
  },
  {
    method: 'POST',
    path: '/api/education/modules/:id/enroll',
    expect: anyMember(201),
    request: async ({ world }) => ({ path: `${educationApi}/modules/${(await publishedModule(world)).id}/enroll` }),
  },
  {
    method: 'POST',
    path: '/api/education/modules/:id/sections/:sectionId/complete',
    expect: anyMember(200),
    request: async ({ world, caller }) => {
      const module = await publishedModule(world);
      await enrolIfMember(world, caller, module);
      return { path: `${educationApi}/modules/${module.id}/sections/${module.textId}/complete` };
    },
  },
  {
    method: 'POST',
    path: '/api/education/modules/:id/sections/:sectionId/quiz-attempts',
    expect: anyMember(200),
    request: async ({ world, caller }) => {
      const module = await publishedModule(world);
      await enrolIfMember(world, caller, module);
      return {
        path: `${educationApi}/modules/${module.id}/sections/${module.quizId}/quiz-attempts`,
        body: passingAnswers,
      };
    },
  },
  {
    method: 'POST',
    path: '/api/education/modules/:id/enrollment/move',
    expect: anyMember(200),
    request: async ({ world, caller }) => {
      const module = await publishedModule(world);
      await enrolIfMember(world, caller, module);
      await republish(world, module);
      return { path: `${educationApi}/modules/${module.id}/enrollment/move` };
    },
  },
  {
    method: 'GET',
    path: '/api/education/modules/:id/asset',
    expect: anyMember(302),
    request: async ({ world }) => {
      // A document of the published version: learners may open only what a version shows.
      const module = await sharedModuleWithDocument(world);
      return { path: `${educationApi}/modules/${module.id}/asset?key=${encodeURIComponent(module.documentKey)}` };
    },
  },
  // End of education.
  // Community moderation (issue 5 items 6–7): acts in the active organisation. Flags and queue items
  // are A's, so the platform admin (acting in their own organisation) finds none: 404.
  {
    method: 'POST',
    path: '/api/community/posts/:id/flag',
    expect: anyMember(200),
    request: async ({ world }) => ({
      path: `/api/community/posts/${(await newContentInA(world, 'post')).id}/flag`,
      body: { reason: 'Matrix flag' },
    }),
  },
  {
    method: 'POST',
    path: '/api/community/comments/:id/flag',
    expect: anyMember(200),
    request: async ({ world }) => ({
      path: `/api/community/comments/${(await newContentInA(world, 'comment')).id}/flag`,
      body: { reason: 'Matrix flag' },
    }),
  },
  {
    method: 'GET',
    path: '/api/community/moderation/queue',
    expect: { ...moderators(200), platform_admin: 200 },
    request: () => ({ path: '/api/community/moderation/queue?limit=5' }),
  },
  {
    method: 'GET',
    path: '/api/community/moderation/items/:id',
    // Moderators, or the author of the content (covered in the route tests); other members 403.
    expect: moderators(200),
    request: async ({ world }) => ({
      path: `/api/community/moderation/items/${(await newPendingItemInA(world)).itemId}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/community/moderation/items/:id/decision',
    expect: moderators(200),
    request: async ({ world }) => ({
      path: `/api/community/moderation/items/${(await newPendingItemInA(world)).itemId}/decision`,
      body: { action: 'approve', reason: 'Matrix decision' },
    }),
  },
  {
    method: 'POST',
    path: '/api/community/moderation/items/:id/appeal',
    // Only the author appeals: each cell appeals a removal of its own content.
    expect: anyMember(200),
    request: async ({ world, caller }) => {
      const { itemId } = await newRemovedItemInA(world, caller.userId);
      return { path: `/api/community/moderation/items/${itemId}/appeal`, body: { message: 'Matrix appeal' } };
    },
  },
  {
    method: 'GET',
    path: '/api/community/moderation/words',
    expect: { ...moderators(200), platform_admin: 200 },
    request: () => ({ path: '/api/community/moderation/words' }),
  },
  {
    method: 'PUT',
    path: '/api/community/moderation/words',
    expect: { ...ownerAndAdmin(200), platform_admin: 200 },
    request: () => ({
      path: '/api/community/moderation/words',
      body: { words: [{ word: 'matrixword', action: 'hold' }], builtInAction: 'hold' },
    }),
  },
  // Notifications (each caller reads and marks their own, in the organisation they act in)
  {
    method: 'GET',
    path: '/api/notifications',
    expect: signedIn(200),
    request: () => ({ path: '/api/notifications?limit=5' }),
  },
  {
    method: 'GET',
    path: '/api/notifications/unread-count',
    expect: signedIn(200),
    request: () => ({ path: '/api/notifications/unread-count' }),
  },
  {
    method: 'POST',
    path: '/api/notifications/read',
    expect: signedIn(200),
    request: () => ({ path: '/api/notifications/read', body: { all: true } }),
  },

  // Community (issue 5): acts in the active organisation. Each cell's content is written by a new
  // member of A, except that the member's cell of an author-only route acts on the member's own, so
  // those routes show 200 for the author and 403 for everyone else in A; a platform admin (not in A)
  // gets 404 for A's posts, comments and profiles.
  {
    method: 'GET',
    path: '/api/community/posts',
    expect: signedIn(200),
    request: () => ({ path: '/api/community/posts?sort=hot&period=week' }),
  },
  {
    method: 'POST',
    path: '/api/community/posts',
    expect: signedIn(201),
    request: ({ caller }) => ({
      path: '/api/community/posts',
      body: { title: `By ${caller.role}`, content: uniqueText('Created') },
    }),
  },
  {
    method: 'GET',
    path: '/api/community/posts/:id',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `/api/community/posts/${await communityPost(world)}` }),
  },
  {
    method: 'PUT',
    path: '/api/community/posts/:id',
    expect: inOrgA({ member: 200, instructor: 403, moderator: 403, admin: 403, owner: 403 }),
    request: async (cell) => ({
      path: `/api/community/posts/${await communityPost(cell.world, ownIfMember(cell))}`,
      body: { content: 'Edited', version: 1 },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/community/posts/:id',
    expect: inOrgA({ member: 204, instructor: 403, moderator: 403, admin: 403, owner: 403 }),
    request: async (cell) => ({ path: `/api/community/posts/${await communityPost(cell.world, ownIfMember(cell))}` }),
  },
  {
    method: 'GET',
    path: '/api/community/posts/:id/history',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `/api/community/posts/${await communityPost(world)}/history` }),
  },
  {
    method: 'GET',
    path: '/api/community/posts/:id/comments',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `/api/community/posts/${await communityPost(world)}/comments` }),
  },
  {
    method: 'POST',
    path: '/api/community/posts/:id/comments',
    expect: anyMember(201),
    request: async ({ world }) => ({
      path: `/api/community/posts/${await communityPost(world)}/comments`,
      body: { content: 'Matrix comment' },
    }),
  },
  {
    method: 'POST',
    path: '/api/community/posts/:id/react',
    expect: anyMember(200),
    request: async ({ world }) => ({
      path: `/api/community/posts/${await communityPost(world)}/react`,
      body: { reactionType: 'like' },
    }),
  },
  {
    method: 'PUT',
    path: '/api/community/comments/:id',
    expect: inOrgA({ member: 200, instructor: 403, moderator: 403, admin: 403, owner: 403 }),
    request: async (cell) => ({
      path: `/api/community/comments/${await communityComment(cell.world, ownIfMember(cell))}`,
      body: { content: 'Edited comment', version: 1 },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/community/comments/:id',
    expect: inOrgA({ member: 204, instructor: 403, moderator: 403, admin: 403, owner: 403 }),
    request: async (cell) => ({
      path: `/api/community/comments/${await communityComment(cell.world, ownIfMember(cell))}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/community/comments/:id/react',
    expect: anyMember(200),
    request: async ({ world }) => ({
      path: `/api/community/comments/${await communityComment(world)}/react`,
      body: { reactionType: 'insight' },
    }),
  },
  {
    method: 'GET',
    path: '/api/community/users/:id/profile',
    expect: anyMember(200),
    request: ({ world }) => ({ path: `/api/community/users/${world.callers.member.userId}/profile` }),
  },
  {
    method: 'PUT',
    path: '/api/community/users/:id/profile',
    expect: inOrgA({ member: 200, instructor: 403, moderator: 403, admin: 403, owner: 403 }),
    request: ({ world }) => ({
      path: `/api/community/users/${world.callers.member.userId}/profile`,
      body: { bio: 'Matrix bio' },
    }),
  },
  {
    method: 'GET',
    path: '/api/community/events',
    expect: signedIn(200),
    request: () => ({ path: '/api/community/events?after=0' }),
  },
  {
    method: 'GET',
    path: '/api/community/stream',
    expect: signedIn(200),
    // maxSeconds=0: the backlog, then the stream ends, so the cell can read the whole body.
    request: () => ({ path: '/api/community/stream?after=0&maxSeconds=0' }),
  },

  // Uploads (issue 4 item 4). Module rows use education's `module` owner: its editors may attach files
  // (instructor, admin, owner); an upload is visible to its maker and to whoever may attach files to its owner.
  {
    method: 'POST',
    path: '/api/education/modules/:id/upload',
    expect: inOrgA({ member: 403, instructor: 201, moderator: 403, admin: 201, owner: 201 }),
    request: async ({ world }) => ({
      path: `/api/education/modules/${await moduleInA(world)}/upload`,
      body: { fileName: 'matrix.png', contentType: 'image/png', sizeBytes: 1024, purpose: 'thumbnail' },
    }),
  },
  {
    method: 'POST',
    path: '/api/education/uploads/:uploadId/complete',
    expect: inOrgA({ member: 404, instructor: 200, moderator: 404, admin: 200, owner: 200 }),
    request: async ({ world }) => ({ path: `/api/education/uploads/${(await uploadInA(world)).uploadId}/complete` }),
  },
  {
    method: 'GET',
    path: '/api/education/uploads/:uploadId',
    expect: inOrgA({ member: 404, instructor: 200, moderator: 404, admin: 200, owner: 200 }),
    request: async ({ world }) => ({ path: `/api/education/uploads/${(await uploadInA(world)).uploadId}` }),
  },
  // Community post attachments (issue 5): every signed-in member uploads for themself, into their active
  // organisation (post:create); the ticket's upload is theirs alone. Attaching another organisation's
  // upload to a post is 404 (apps/api/src/routes/community-attachments.test.ts).
  {
    method: 'POST',
    path: '/api/community/attachments',
    expect: signedIn(201),
    request: () => ({
      path: '/api/community/attachments',
      body: { fileName: 'matrix.png', contentType: 'image/png', sizeBytes: 1024 },
    }),
  },
  // The local blob store's signed URLs: the signature is the credential, whoever sends it.
  {
    method: 'PUT',
    path: '/api/blobs/upload',
    public: true,
    expect: everyone(204),
    request: async ({ world }) => ({ path: await signedJsonUpload(world), body: { matrix: true } }),
  },
  {
    method: 'GET',
    path: '/api/blobs/download',
    public: true,
    expect: everyone(200),
    request: async ({ world }) => ({ path: await signedDownload(world) }),
  },

  // Workbench: agents, runs, webhook trigger (issue 7)
  {
    method: 'POST',
    path: '/api/agents',
    expect: signedIn(201),
    request: () => ({ path: '/api/agents', body: { name: 'Mine', graph: matrixGraph } }),
  },
  { method: 'GET', path: '/api/agents', expect: signedIn(200), request: () => ({ path: '/api/agents' }) },
  {
    method: 'GET',
    path: '/api/agents/:id',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `/api/agents/${(await agentInA(world)).id}` }),
  },
  {
    method: 'PUT',
    path: '/api/agents/:id',
    expect: anyMember(200),
    request: async ({ world }) => {
      const agent = await newAgentInA(world);
      return { path: `/api/agents/${agent.id}`, body: { version: agent.version, description: 'edited' } };
    },
  },
  {
    method: 'DELETE',
    path: '/api/agents/:id',
    expect: ownerAndAdmin(204),
    request: async ({ world }) => ({ path: `/api/agents/${(await newAgentInA(world)).id}` }),
  },
  {
    method: 'POST',
    path: '/api/agents/:id/publish',
    expect: ownerAndAdmin(201),
    request: async ({ world }) => ({ path: `/api/agents/${(await newAgentInA(world)).id}/publish` }),
  },
  {
    method: 'POST',
    path: '/api/agents/:id/webhook-secret',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `/api/agents/${(await newAgentInA(world)).id}/webhook-secret` }),
  },
  {
    method: 'POST',
    path: '/api/agents/:id/execute',
    expect: anyMember(202),
    request: async ({ world }) => ({
      path: `/api/agents/${(await agentInA(world)).id}/execute`,
      body: { input: 'cell' },
    }),
  },
  {
    method: 'GET',
    path: '/api/agents/:id/runs',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `/api/agents/${(await agentInA(world)).id}/runs` }),
  },
  {
    method: 'GET',
    path: '/api/runs/:id',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `/api/runs/${(await runInA(world)).id}` }),
  },
  {
    method: 'GET',
    path: '/api/runs/:id/logs',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `/api/runs/${(await runInA(world)).id}/logs` }),
  },
  {
    method: 'POST',
    path: '/api/runs/:id/stop',
    expect: anyMember(200),
    request: async ({ world }) => ({ path: `/api/runs/${(await newRunInA(world)).id}/stop` }),
  },
  {
    method: 'POST',
    path: '/api/runs/:id/retry',
    expect: anyMember(202),
    request: async ({ world }) => ({ path: `/api/runs/${(await newRunInA(world, true)).id}/retry` }),
  },
  {
    method: 'POST',
    path: '/api/hooks/:agentId/:secret',
    public: true,
    // The secret is the credential: any caller holding it starts a run, a bearer token adds nothing.
    expect: everyone(202),
    request: async ({ world }) => {
      const agent = await agentInA(world);
      return { path: `/api/hooks/${agent.id}/${agent.webhookSecret}`, body: { from: 'matrix' } };
    },
  },

  // Platform administration
  {
    method: 'GET',
    path: '/api/admin/organizations',
    expect: { ...everyone(403), anonymous: 401, platform_admin: 200 },
    request: () => ({ path: '/api/admin/organizations?limit=5' }),
  },
  {
    method: 'PUT',
    path: '/api/admin/organizations/:orgId/plan',
    expect: { ...everyone(403), anonymous: 401, platform_admin: 200 },
    // Organisation A stays on enterprise: the fixture needs room for every cell's new members.
    request: ({ world }) => ({ path: `/api/admin/organizations/${world.orgA.id}/plan`, body: { plan: 'enterprise' } }),
  },
  {
    method: 'PUT',
    path: '/api/admin/organizations/:orgId/ai-limits',
    expect: { ...everyone(403), anonymous: 401, platform_admin: 200 },
    // `null` removes a ceiling: A's limits go back to its plan, which the fixture never relies on.
    request: ({ world }) => ({
      path: `/api/admin/organizations/${world.orgA.id}/ai-limits`,
      body: { limits: { tokensPerMinute: null } },
    }),
  },

  // Account
  {
    method: 'PATCH',
    path: '/api/me',
    expect: signedIn(200),
    request: ({ caller }) => ({ path: '/api/me', body: { name: `Matrix ${caller.role}` } }),
  },
  {
    method: 'POST',
    path: '/api/me/password',
    // A password change ends every other session of the caller.
    freshCallers: allSignedInRoles,
    expect: signedIn(200),
    request: ({ caller }) => ({
      path: '/api/me/password',
      body: { currentPassword: caller.password ?? otherPassword, newPassword: otherPassword },
    }),
  },
  { method: 'GET', path: '/api/me/export', expect: signedIn(200), request: () => ({ path: '/api/me/export' }) },
  {
    method: 'DELETE',
    path: '/api/me',
    // The fresh owner is a co-owner of A, so A keeps an owner and deletion is allowed (the sole-owner
    // refusal is a business rule, covered by the identity tests).
    freshCallers: allSignedInRoles,
    expect: signedIn(204),
    request: ({ caller }) => ({ path: '/api/me', body: { password: caller.password ?? otherPassword } }),
  },
];
