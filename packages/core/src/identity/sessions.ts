/**
 * Sessions: an access token plus a rotating refresh token. A refresh token is 32 random bytes, stored
 * only as its SHA-256; it belongs to a family (one sign-in). Each refresh marks the presented token used
 * and returns a new one in the same family; presenting a used token again means it was stolen (or
 * replayed), so the whole family is revoked and both holders must sign in again.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TransactOperation } from '../ports/item-store.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { issueAccessToken } from './access-token.ts';
import type { IdentityDeps } from './identity-deps.ts';
import {
  refreshFamilyKey,
  refreshFamilyPrefix,
  refreshTokenIndex,
  refreshTokenKey,
  userKey,
  userPartition,
} from './keys.ts';
import type { RefreshFamilyRecord, RefreshTokenRecord, UserRecord } from './records.ts';

export interface AuthTokens {
  tokenType: 'Bearer';
  accessToken: string;
  accessTokenExpiresAt: string;
  /** Seconds until the access token expires (OAuth's `expires_in`). */
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const sessionExpired = () => AppError.unauthenticated('Your session has expired; sign in again');

/** A refresh token is base64url of 32 bytes; anything else is refused before touching the store. */
function isWellFormed(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

function newRefreshToken(deps: IdentityDeps, userId: string, familyId: string) {
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  const nowMs = deps.clock.nowMs();
  const expiresAtMs = nowMs + deps.settings.refreshTokenTtlSeconds * 1000;
  const data: RefreshTokenRecord = { userId, familyId, issuedAtMs: nowMs };
  const put: TransactOperation = {
    kind: 'put',
    item: {
      ...refreshTokenKey(tokenHash),
      ...refreshTokenIndex(userId, tokenHash),
      data,
      expiresAt: Math.ceil(expiresAtMs / 1000),
    },
    condition: [{ kind: 'notExists' }],
  };
  return { token, put, expiresAtMs };
}

async function tokensFor(deps: IdentityDeps, user: UserRecord, refreshToken: string, refreshExpiresAtMs: number) {
  const { accessToken, accessTokenExpiresAtMs } = await issueAccessToken(deps, user);
  const tokens: AuthTokens = {
    tokenType: 'Bearer',
    accessToken,
    accessTokenExpiresAt: isoAt(accessTokenExpiresAtMs),
    expiresIn: deps.settings.accessTokenTtlSeconds,
    refreshToken,
    refreshTokenExpiresAt: isoAt(refreshExpiresAtMs),
  };
  return tokens;
}

/** Starts a new session (sign-up, login, password change): a new family and its first refresh token. */
export async function startSession(deps: IdentityDeps, user: UserRecord): Promise<AuthTokens> {
  const familyId = deps.ids.next('rtf');
  const refresh = newRefreshToken(deps, user.id, familyId);
  const family: RefreshFamilyRecord = { familyId, userId: user.id, createdAt: isoAt(deps.clock.nowMs()) };
  await deps.store.transact([
    {
      kind: 'put',
      item: { ...refreshFamilyKey(user.id, familyId), data: family, expiresAt: Math.ceil(refresh.expiresAtMs / 1000) },
      condition: [{ kind: 'notExists' }],
    },
    refresh.put,
  ]);
  return tokensFor(deps, user, refresh.token, refresh.expiresAtMs);
}

export async function revokeFamily(
  deps: IdentityDeps,
  userId: string,
  familyId: string,
  reason: NonNullable<RefreshFamilyRecord['revokedReason']>,
): Promise<void> {
  try {
    await deps.store.update<RefreshFamilyRecord>(refreshFamilyKey(userId, familyId), {
      set: { revokedAt: isoAt(deps.clock.nowMs()), revokedReason: reason },
      condition: [{ kind: 'exists' }, { kind: 'fieldNotExists', field: 'revokedAt' }],
    });
  } catch (error) {
    // Already revoked or expired: nothing left to do.
    if (!(error instanceof ConditionFailedError)) throw error;
  }
}

export async function revokeAllFamilies(
  deps: IdentityDeps,
  userId: string,
  reason: NonNullable<RefreshFamilyRecord['revokedReason']>,
): Promise<number> {
  let revoked = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<RefreshFamilyRecord>({
      pk: userPartition(userId),
      sk: { beginsWith: refreshFamilyPrefix },
      cursor,
    });
    for (const item of page.items) {
      if (item.data.revokedAt) continue;
      await revokeFamily(deps, userId, item.data.familyId, reason);
      revoked++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return revoked;
}

/** Exchanges a refresh token for a new pair; reuse of a spent token revokes its family. Also returns whose session it is. */
export async function rotateRefreshToken(
  deps: IdentityDeps,
  refreshToken: unknown,
): Promise<{ tokens: AuthTokens; user: UserRecord }> {
  if (!isWellFormed(refreshToken)) throw sessionExpired();
  const presented = await deps.store.get<RefreshTokenRecord>(refreshTokenKey(hashToken(refreshToken)));
  if (!presented) throw sessionExpired();
  const { userId, familyId } = presented.data;
  if (presented.data.usedAtMs !== undefined) {
    await revokeFamily(deps, userId, familyId, 'reuse');
    throw sessionExpired();
  }
  const [family, user] = await Promise.all([
    deps.store.get<RefreshFamilyRecord>(refreshFamilyKey(userId, familyId)),
    deps.store.get<UserRecord>(userKey(userId)),
  ]);
  if (!family || family.data.revokedAt || !user) throw sessionExpired();

  const next = newRefreshToken(deps, userId, familyId);
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: refreshTokenKey(hashToken(refreshToken)),
        changes: {
          set: { usedAtMs: deps.clock.nowMs() },
          condition: [{ kind: 'exists' }, { kind: 'fieldNotExists', field: 'usedAtMs' }],
        },
      },
      {
        kind: 'update',
        key: refreshFamilyKey(userId, familyId),
        changes: {
          expiresAt: Math.ceil(next.expiresAtMs / 1000),
          condition: [{ kind: 'exists' }, { kind: 'fieldNotExists', field: 'revokedAt' }],
        },
      },
      next.put,
    ]);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    // Index 0: another request spent this token first, which is reuse too. Otherwise the family was revoked.
    if (error.index === 0) await revokeFamily(deps, userId, familyId, 'reuse');
    throw sessionExpired();
  }
  return { tokens: await tokensFor(deps, user.data, next.token, next.expiresAtMs), user: user.data };
}

/** Ends the session the refresh token belongs to. Unknown or malformed tokens are ignored (logout is idempotent). */
export async function endSession(deps: IdentityDeps, refreshToken: unknown): Promise<void> {
  if (!isWellFormed(refreshToken)) return;
  const presented = await deps.store.get<RefreshTokenRecord>(refreshTokenKey(hashToken(refreshToken)));
  if (!presented) return;
  await revokeFamily(deps, presented.data.userId, presented.data.familyId, 'logout');
}
