/**
 * Test support: drive the identity routes of a temp platform through `app.request()` the way a client
 * would (JSON bodies, bearer tokens, X-Organization-Id), and sign users up or into organisations.
 */
import type { TempPlatform } from './temp-platform.ts';

export const strongPassword = 'Correct-horse-42';

export interface CallOptions {
  token?: string;
  orgId?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<Response>;

export function caller(platform: Pick<TempPlatform, 'app'>): Call {
  return (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.orgId) headers['x-organization-id'] = options.orgId;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return Promise.resolve(
      platform.app.request(path, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      }),
    );
  };
}

export interface SignedUp {
  userId: string;
  email: string;
  personalOrgId: string;
  accessToken: string;
  refreshToken: string;
}

/** Reads a JSON body, failing with the body text when the status is not the expected one. */
export async function expectJson<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

export async function signUp(call: Call, email: string, name = email.split('@')[0]!): Promise<SignedUp> {
  const body = await expectJson<{ accessToken: string; refreshToken: string; user: Record<string, string> }>(
    await call('POST', '/api/auth/signup', { body: { email, password: strongPassword, name } }),
    201,
  );
  return {
    userId: body.user.id!,
    email,
    personalOrgId: body.user.personalOrganizationId!,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
  };
}

/** Creates an organisation owned by `owner` over HTTP and returns its id. */
export async function createOrg(call: Call, owner: SignedUp, name: string): Promise<string> {
  const created = await expectJson<{ id: string }>(
    await call('POST', '/api/orgs', { token: owner.accessToken, body: { name } }),
    201,
  );
  return created.id;
}

/** Invites `invitee` into `orgId` with `role` and has them accept, over HTTP. */
export async function join(call: Call, inviter: SignedUp, orgId: string, invitee: SignedUp, role: string) {
  const created = await expectJson<{ token: string }>(
    await call('POST', `/api/orgs/${orgId}/invitations`, {
      token: inviter.accessToken,
      body: { email: invitee.email, role },
    }),
    201,
  );
  await expectJson(
    await call('POST', '/api/invitations/accept', { token: invitee.accessToken, body: { token: created.token } }),
    200,
  );
}

/** A parsed JSON response body in assertions; tests check its shape with expect(). */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON bodies
export type Json = any;

/**
 * Makes the installation's first platform admin (as `diatonic create-platform-admin` does) and signs
 * them in over HTTP; returns the login body (`accessToken`, `user`…).
 */
export async function signInFirstPlatformAdmin(
  platform: Pick<TempPlatform, 'app' | 'deps'>,
  email: string,
): Promise<{ accessToken: string; user: Record<string, unknown> }> {
  await platform.deps.identity.createFirstPlatformAdmin({ email, password: strongPassword, name: 'Root' });
  return expectJson(
    await caller(platform)('POST', '/api/auth/login', { body: { email, password: strongPassword } }),
    200,
  );
}
