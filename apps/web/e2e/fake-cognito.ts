/**
 * A small local stand-in for an Amazon Cognito user pool's hosted UI and OAuth endpoints, so the web app's
 * Cognito sign-in runs offline against real HTTP and real RS256 JWTs:
 *
 * - `GET /oauth2/authorize`: checks client, registered redirect URI and a PKCE S256 challenge, then shows a
 *   sign-in form (or, with the hosted UI's session cookie, answers at once as Cognito does).
 * - `POST /login`: the form's "Sign in" (a code bound to the challenge) or "Cancel" (`error=access_denied`).
 * - `POST /oauth2/token`: `authorization_code` (single-use code, same client and redirect URI, the verifier
 *   must hash to the challenge) and `refresh_token`; id and access tokens signed RS256 with a key generated
 *   here, claims as Cognito's (`iss` = the pool's cognito-idp URL, so the API's verifier is unchanged).
 * - `POST /oauth2/revoke`, `GET /logout` (registered sign-out URIs only; clears the session cookie).
 * - `GET /.well-known/jwks.json`: the public key (the platform's COGNITO_JWKS_URL points here).
 *
 * Unregistered redirect URIs get an error page, never a redirect, as in Cognito. The token endpoint sends
 * CORS headers like the real one, since the SPA calls it from its own origin.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.ts';

export interface FakeCognito {
  /** The hosted UI origin (COGNITO_DOMAIN). */
  readonly domain: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** `iss` of its tokens: what the API's Cognito verifier expects for region and pool. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Registers `<origin>/auth/callback` and `<origin>/` as the app client's callback and sign-out URLs. */
  allowWebOrigin(origin: string): void;
  /** Lifetime of the id and access tokens issued from now on (Cognito's default: 3600). */
  tokenLifetimeSeconds: number;
  /** How often each endpoint was used successfully. */
  readonly counts: { codeGrants: number; refreshGrants: number; revocations: number; logouts: number };
  /** Environment that starts the platform in Cognito mode against this fake. */
  platformEnv(): Record<string, string>;
  close(): Promise<void>;
}

export const fakeCognitoCallbackPath = '/auth/callback';
const sessionCookie = 'fake_cognito_session';

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  email: string;
  scope: string;
  expiresAtMs: number;
}

const base64Url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const subjectOf = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 32);

const readForm = async (req: IncomingMessage) => new URLSearchParams(await readBody(req));

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startFakeCognito(): Promise<FakeCognito> {
  const region = 'us-east-2';
  const userPoolId = 'us-east-2_FakePool1';
  const clientId = 'fakewebclient1';
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const kid = `fake-${randomBytes(4).toString('hex')}`;
  // Generated as DER and imported, not used as the generation job's own KeyObjects: on Node 20 exporting
  // those can deadlock with the job's finaliser (packages/core/src/identity/key-pair.ts, which the web
  // app's dependency rule keeps out of reach here).
  const der = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  const keys = {
    privateKey: createPrivateKey({ key: der.privateKey, format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: der.publicKey, format: 'der', type: 'spki' }),
  };
  const jwks = { keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] };

  const callbackUrls = new Set<string>();
  const logoutUrls = new Set<string>();
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, { email: string; scope: string }>();
  const counts = { codeGrants: 0, refreshGrants: 0, revocations: 0, logouts: 0 };

  const jwt = (claims: Record<string, unknown>) => {
    const data = `${base64Url(JSON.stringify({ kid, alg: 'RS256' }))}.${base64Url(JSON.stringify(claims))}`;
    return `${data}.${base64Url(sign('sha256', Buffer.from(data), keys.privateKey))}`;
  };

  function issueTokens(email: string, scope: string, withRefresh: boolean) {
    const now = Math.floor(Date.now() / 1000);
    const sub = subjectOf(email);
    const exp = now + fake.tokenLifetimeSeconds;
    const common = { sub, iss: issuer, iat: now, auth_time: now, exp, jti: randomBytes(8).toString('hex') };
    const body: Record<string, unknown> = {
      id_token: jwt({
        ...common,
        aud: clientId,
        token_use: 'id',
        email,
        email_verified: true,
        'cognito:username': sub,
      }),
      access_token: jwt({ ...common, client_id: clientId, token_use: 'access', scope, username: sub }),
      token_type: 'Bearer',
      expires_in: fake.tokenLifetimeSeconds,
    };
    if (withRefresh) {
      const refreshToken = base64Url(randomBytes(48));
      refreshTokens.set(refreshToken, { email, scope });
      body.refresh_token = refreshToken;
    }
    return body;
  }

  const redirect = (res: ServerResponse, location: string, headers: Record<string, string> = {}) =>
    res.writeHead(302, { location, 'cache-control': 'no-store', ...headers }).end();

  const page = (res: ServerResponse, status: number, title: string, body: string) =>
    res
      .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(`<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`);

  const json = (res: ServerResponse, status: number, body: unknown, origin: string | undefined) =>
    res
      .writeHead(status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        ...(origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {}),
      })
      .end(JSON.stringify(body));

  function withParams(uri: string, params: Record<string, string>): string {
    const url = new URL(uri);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.toString();
  }

  function issueCode(res: ServerResponse, pending: Omit<IssuedCode, 'expiresAtMs'>, state: string) {
    const code = base64Url(randomBytes(24));
    codes.set(code, { ...pending, expiresAtMs: Date.now() + 5 * 60_000 });
    redirect(res, withParams(pending.redirectUri, { code, ...(state ? { state } : {}) }), {
      'set-cookie': `${sessionCookie}=${encodeURIComponent(pending.email)}; Path=/; HttpOnly; SameSite=Lax`,
    });
  }

  function authorize(url: URL, req: IncomingMessage, res: ServerResponse) {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== clientId) return page(res, 400, 'Error', '<p>unknown client_id</p>');
    if (!callbackUrls.has(redirectUri)) return page(res, 400, 'Error', '<p>redirect_mismatch</p>');
    const state = q.get('state') ?? '';
    const fail = (error: string) => redirect(res, withParams(redirectUri, { error, ...(state ? { state } : {}) }));
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type');
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail('invalid_request');
    }
    const scope = q.get('scope') ?? 'openid';
    if (!scope.split(' ').includes('openid')) return fail('invalid_scope');
    const signedIn = /(?:^|;\s*)fake_cognito_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (signedIn)
      return issueCode(res, { clientId, redirectUri, challenge, email: decodeURIComponent(signedIn), scope }, state);
    const hidden = { redirect_uri: redirectUri, state, code_challenge: challenge, scope };
    page(
      res,
      200,
      'Sign in · Fake Cognito',
      `<h1>Fake Cognito hosted UI</h1>
<form method="post" action="/login">
${Object.entries(hidden)
  .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
  .join('\n')}
<label>E-mail <input name="email" type="email" value="pool.user@example.com"></label>
<button type="submit">Sign in</button>
<button type="submit" name="cancel" value="1">Cancel</button>
</form>`,
    );
  }

  async function login(req: IncomingMessage, res: ServerResponse) {
    const form = await readForm(req);
    const redirectUri = form.get('redirect_uri') ?? '';
    if (!callbackUrls.has(redirectUri)) return page(res, 400, 'Error', '<p>redirect_mismatch</p>');
    const state = form.get('state') ?? '';
    if (form.get('cancel')) {
      return redirect(
        res,
        withParams(redirectUri, {
          error: 'access_denied',
          error_description: 'User cancelled',
          ...(state ? { state } : {}),
        }),
      );
    }
    const email = (form.get('email') ?? '').trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) return page(res, 400, 'Error', '<p>enter an e-mail</p>');
    issueCode(
      res,
      {
        clientId,
        redirectUri,
        challenge: form.get('code_challenge') ?? '',
        email,
        scope: form.get('scope') ?? 'openid',
      },
      state,
    );
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    const form = await readForm(req);
    const refuse = (error: string) => json(res, 400, { error }, origin);
    if (form.get('client_id') !== clientId) return refuse('invalid_client');
    if (form.get('grant_type') === 'authorization_code') {
      const code = form.get('code') ?? '';
      const issued = codes.get(code);
      codes.delete(code); // single use, even when the exchange fails
      if (!issued || issued.expiresAtMs < Date.now() || issued.redirectUri !== form.get('redirect_uri')) {
        return refuse('invalid_grant');
      }
      const verifier = form.get('code_verifier') ?? '';
      if (base64Url(createHash('sha256').update(verifier).digest()) !== issued.challenge)
        return refuse('invalid_grant');
      counts.codeGrants++;
      return json(res, 200, issueTokens(issued.email, issued.scope, true), origin);
    }
    if (form.get('grant_type') === 'refresh_token') {
      const session = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!session) return refuse('invalid_grant');
      counts.refreshGrants++;
      // Cognito returns new id and access tokens and keeps the refresh token (rotation off).
      return json(res, 200, issueTokens(session.email, session.scope, false), origin);
    }
    return refuse('unsupported_grant_type');
  }

  async function revoke(req: IncomingMessage, res: ServerResponse) {
    const form = await readForm(req);
    if (form.get('client_id') === clientId && refreshTokens.delete(form.get('token') ?? '')) counts.revocations++;
    json(res, 200, {}, req.headers.origin);
  }

  function logout(url: URL, res: ServerResponse) {
    const logoutUri = url.searchParams.get('logout_uri') ?? '';
    if (url.searchParams.get('client_id') !== clientId || !logoutUrls.has(logoutUri)) {
      return page(res, 400, 'Error', '<p>logout_uri is not registered</p>');
    }
    counts.logouts++;
    redirect(res, logoutUri, { 'set-cookie': `${sessionCookie}=; Path=/; Max-Age=0` });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = `${req.method} ${url.pathname}`;
    const done = (error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    };
    switch (route) {
      case 'GET /oauth2/authorize':
        return authorize(url, req, res);
      case 'POST /login':
        return void login(req, res).catch(done);
      case 'POST /oauth2/token':
        return void token(req, res).catch(done);
      case 'POST /oauth2/revoke':
        return void revoke(req, res).catch(done);
      case 'GET /logout':
        return logout(url, res);
      case 'GET /.well-known/jwks.json':
        return json(res, 200, jwks, undefined);
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeCognito = {
    domain,
    region,
    userPoolId,
    clientId,
    issuer,
    jwksUrl: `${domain}/.well-known/jwks.json`,
    tokenLifetimeSeconds: 3600,
    counts,
    allowWebOrigin(origin) {
      callbackUrls.add(`${origin}${fakeCognitoCallbackPath}`);
      logoutUrls.add(`${origin}/`);
    },
    platformEnv: () => ({
      AUTH: 'cognito',
      COGNITO_REGION: region,
      COGNITO_USER_POOL_ID: userPoolId,
      COGNITO_CLIENT_ID: clientId,
      COGNITO_JWKS_URL: `${domain}/.well-known/jwks.json`,
      COGNITO_DOMAIN: domain,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
