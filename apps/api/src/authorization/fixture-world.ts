/**
 * Test support: a fixture world built the way production builds it, through the HTTP API on a real
 * SQLite file. Organisation A has one user per organisation role (all joined by invitation), organisation
 * B belongs to another user, and a platform admin (made with the identity facade's
 * `createFirstPlatformAdmin`, as the CLI does) belongs to neither. Destructive requests ask the world for
 * their own victim (`newMember`, `newInvitation`, `freshCaller`) so no cell depends on another.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrgRole, ScryptParams } from '@diatonic/core';
import { createTestTargets } from '@diatonic/core/testing';
import { tempDir } from '../../test/temp-platform.ts';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { buildDeps, type Deps } from '../deps.ts';
import { createLogger } from '../logger.ts';
import { runSeed } from '../seed/run-seed.ts';

export const matrixRoles = [
  'anonymous',
  'member',
  'instructor',
  'moderator',
  'admin',
  'owner',
  'platform_admin',
] as const;
export type MatrixRole = (typeof matrixRoles)[number];

type App = Awaited<ReturnType<typeof createApp>>;

/** A real platform on a temporary DATA_DIR: SQLite file, local queue, the Node server's app with the web app. */
export interface MatrixPlatform {
  app: App;
  deps: Deps;
  close(): Promise<void>;
}

/** Real scrypt at a tiny cost: authorisation does not depend on it, and the full cost has its own tests. */
const fixtureScrypt: ScryptParams = { logN: 10, r: 8, p: 1, keyBytes: 64, saltBytes: 16 };

/** Someone sending requests: the app they talk to, their credentials and the organisation they act in. */
export interface Caller {
  role: MatrixRole;
  app: App;
  userId?: string;
  email?: string;
  password?: string;
  accessToken?: string;
  refreshToken?: string;
  /** Sent as `X-Organization-Id`: organisation A for its members, the personal organisation otherwise. */
  activeOrgId?: string;
}

export interface RequestSpec {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export const matrixPassword = 'Matrix-Pass-2718!';
export const otherPassword = 'Second-Pass-3141?';

let emailCounter = 0;
/** Unique across worlds and files, so no two fixtures ever claim the same address. */
export function uniqueEmail(label: string): string {
  emailCounter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${emailCounter}@matrix.example.com`;
}

export async function send(caller: Caller, method: string, spec: RequestSpec): Promise<Response> {
  const headers: Record<string, string> = {};
  if (caller.accessToken) headers.authorization = `Bearer ${caller.accessToken}`;
  if (caller.activeOrgId) headers['x-organization-id'] = caller.activeOrgId;
  if (spec.body !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, spec.headers);
  return caller.app.request(spec.path, {
    method,
    headers,
    ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
  });
}

/** Sends and returns the JSON body, failing loudly (with the body) when the status is not the expected one. */
export async function sendOk<T = Record<string, unknown>>(
  caller: Caller,
  method: string,
  spec: RequestSpec,
  status: number,
): Promise<T> {
  const res = await send(caller, method, spec);
  const text = await res.text();
  if (res.status !== status) {
    throw new Error(`fixture: ${method} ${spec.path} as ${caller.role} answered ${res.status}, not ${status}: ${text}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

interface TokensBody {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

interface MeBody {
  user: { id: string; platformRole?: string | null };
  memberships: { organizationId: string; role: string; plan: string }[];
  activeOrganization: { id: string } | null;
}

export interface World {
  app: App;
  platform: MatrixPlatform;
  orgA: { id: string };
  orgB: { id: string };
  /** One caller per matrix role; members act in organisation A. */
  callers: Record<MatrixRole, Caller>;
  /** The owner of organisation B (not a member of A). */
  ownerB: Caller;
  signUp(label: string, role?: MatrixRole): Promise<Caller>;
  /** A new user who joined organisation A with `role` by invitation. */
  newMember(role: OrgRole, label?: string): Promise<Caller>;
  /** A pending invitation to organisation A, made by its owner. */
  newInvitation(role?: OrgRole): Promise<{ id: string; token: string; email: string }>;
  /** A valid invitation token for `email` to a brand-new organisation (so accepting it changes nothing shared). */
  invitationFor(email: string): Promise<string>;
  /** A caller of `role` nobody else uses, for requests that change or end the caller's own account or role. */
  freshCaller(role: MatrixRole): Promise<Caller>;
  /** Signs in again (a fresh refresh token per call). */
  login(caller: Caller): Promise<Tokens>;
  me(caller: Caller): Promise<MeBody>;
  close(): Promise<void>;
}

async function buildPlatform(): Promise<MatrixPlatform> {
  const dataDir = tempDir('diatonic-matrix-');
  // The Node server serves the web app too; its routes are part of the surface the matrix must cover.
  const webDir = join(dataDir, 'web');
  mkdirSync(webDir, { recursive: true });
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>matrix</title>');
  const logger = createLogger('silent');
  // No request rate limit: the matrix sends hundreds of requests from one address in seconds.
  const config = loadConfig({ DATA_DIR: dataDir, RATE_LIMIT_REQUESTS: '0' });
  // Until community's posts and comments are wired, moderation acts on test content in the same store.
  const deps = await buildDeps(config, {
    logger,
    passwordHashing: fixtureScrypt,
    moderationTargets: createTestTargets,
  });
  await deps.migrate();
  const { itemStore, clock, ids } = deps;
  await runSeed({ itemStore, clock, ids, logger, demoData: false });
  return {
    app: await createApp(deps, { webDistDir: webDir }),
    deps,
    async close() {
      await deps.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function anonymousOn(app: App): Caller {
  return { role: 'anonymous', app };
}

async function signUpOn(app: App, label: string, role: MatrixRole): Promise<Caller> {
  const email = uniqueEmail(label);
  const body = await sendOk<TokensBody>(
    anonymousOn(app),
    'POST',
    { path: '/api/auth/signup', body: { email, password: matrixPassword, name: `Matrix ${label}` } },
    201,
  );
  return {
    role,
    app,
    userId: body.user.id,
    email,
    password: matrixPassword,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
  };
}

async function meOf(caller: Caller): Promise<MeBody> {
  return sendOk<MeBody>({ ...caller, activeOrgId: undefined }, 'GET', { path: '/api/auth/me' }, 200);
}

async function personalOrgOf(caller: Caller): Promise<string> {
  const me = await meOf(caller);
  if (!me.activeOrganization) throw new Error(`fixture: ${caller.email} has no default organisation`);
  return me.activeOrganization.id;
}

async function loginOn(caller: Caller): Promise<Tokens> {
  const body = await sendOk<TokensBody>(
    anonymousOn(caller.app),
    'POST',
    { path: '/api/auth/login', body: { email: caller.email, password: caller.password } },
    200,
  );
  return { accessToken: body.accessToken, refreshToken: body.refreshToken };
}

/** A platform admin made the way the CLI makes one (the identity facade), then signed in over HTTP. */
async function platformAdminOn(platform: MatrixPlatform): Promise<Caller> {
  const email = uniqueEmail('platform-admin');
  await platform.deps.identity.createFirstPlatformAdmin({ email, password: matrixPassword, name: 'Matrix admin' });
  const caller: Caller = { role: 'platform_admin', app: platform.app, email, password: matrixPassword };
  Object.assign(caller, await loginOn(caller));
  caller.userId = (await meOf(caller)).user.id;
  caller.activeOrgId = await personalOrgOf(caller);
  return caller;
}

export async function buildWorld(): Promise<World> {
  const platform = await buildPlatform();
  const app = platform.app;
  const extraPlatforms: MatrixPlatform[] = [];

  const platformAdmin = await platformAdminOn(platform);
  const owner = await signUpOn(app, 'owner', 'owner');
  const orgA = await sendOk<{ id: string }>(
    owner,
    'POST',
    { path: '/api/orgs', body: { name: 'Matrix organisation A' } },
    201,
  );
  owner.activeOrgId = orgA.id;
  // Every cell adds members; the free plan's five would run out at once.
  await sendOk(
    platformAdmin,
    'PUT',
    { path: `/api/admin/organizations/${orgA.id}/plan`, body: { plan: 'enterprise' } },
    200,
  );

  const ownerB = await signUpOn(app, 'owner-b', 'owner');
  const orgB = await sendOk<{ id: string }>(
    ownerB,
    'POST',
    { path: '/api/orgs', body: { name: 'Matrix organisation B' } },
    201,
  );
  ownerB.activeOrgId = orgB.id;
  const inviter = await signUpOn(app, 'inviter', 'owner');

  async function invite(orgId: string, by: Caller, email: string, role: OrgRole) {
    return sendOk<{ invitation: { id: string }; token: string }>(
      { ...by, activeOrgId: orgId },
      'POST',
      { path: `/api/orgs/${orgId}/invitations`, body: { email, role } },
      201,
    );
  }

  async function newMember(role: OrgRole, label: string = role): Promise<Caller> {
    const caller = await signUpOn(app, `${label}-a`, role);
    const { token } = await invite(orgA.id, owner, caller.email!, role);
    await sendOk(caller, 'POST', { path: '/api/invitations/accept', body: { token } }, 200);
    caller.activeOrgId = orgA.id;
    return caller;
  }

  const [member, instructor, moderator, admin] = await Promise.all(
    (['member', 'instructor', 'moderator', 'admin'] as const).map((role) => newMember(role)),
  );
  const anonymous = anonymousOn(app);
  const callers: Record<MatrixRole, Caller> = {
    anonymous,
    member: member!,
    instructor: instructor!,
    moderator: moderator!,
    admin: admin!,
    owner,
    platform_admin: platformAdmin,
  };

  async function freshCaller(role: MatrixRole): Promise<Caller> {
    if (role === 'anonymous') return anonymous;
    if (role === 'platform_admin') {
      // Only one platform admin can ever be created per installation, so a spare one needs its own.
      const spare = await buildPlatform();
      extraPlatforms.push(spare);
      return platformAdminOn(spare);
    }
    return newMember(role, `fresh-${role}`);
  }

  return {
    app,
    platform,
    orgA: { id: orgA.id },
    orgB: { id: orgB.id },
    callers,
    ownerB,
    signUp: (label, role = 'member') => signUpOn(app, label, role),
    newMember,
    async newInvitation(role = 'member') {
      const email = uniqueEmail(`invitee-${role}`);
      const { invitation, token } = await invite(orgA.id, owner, email, role);
      return { id: invitation.id, token, email };
    },
    async invitationFor(email) {
      const org = await sendOk<{ id: string }>(
        inviter,
        'POST',
        { path: '/api/orgs', body: { name: 'Matrix inviting organisation' } },
        201,
      );
      return (await invite(org.id, inviter, email, 'member')).token;
    },
    freshCaller,
    login: loginOn,
    me: meOf,
    async close() {
      for (const extra of extraPlatforms) await extra.close();
      await platform.close();
    },
  };
}
