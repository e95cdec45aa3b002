/**
 * ES256 signing keys, persisted in the item store so every process (and every Lambda instance) signs
 * and verifies with the same keys after restarts. One key is active; rotating makes a new key active
 * and keeps the old one published in the JWKS until the last token it signed has expired.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { generateKeyPair } from './key-pair.ts';
import { activeSigningKeyKey, signingKeyKey, signingKeyPrefix, signingKeysPartition } from './keys.ts';
import type { ActiveSigningKeyRecord, JsonWebKeyRecord, SigningKeyRecord } from './records.ts';

/** A retired key stays published this long after the access-token lifetime, for clock skew and cached key sets. */
const retiredKeyGraceMs = 5 * 60 * 1000;
/** An unknown `kid` reloads the keys at most this often, so forged tokens cannot hammer the store. */
const unknownKidReloadIntervalMs = 1000;

export interface SigningKeyCache {
  loadedAtMs: number;
  activeKid: string | undefined;
  keys: Map<string, SigningKeyRecord>;
  privateKeys: Map<string, KeyObject>;
  /**
   * Access tokens whose signature and claims already checked out, by token. A signature check costs
   * ~0.2 ms of CPU on every signed-in request; a token's signature cannot change, so it is checked once
   * and only its time claims on every use. Bounded (oldest dropped first); entries leave at expiry.
   */
  verifiedTokens: Map<string, VerifiedTokenEntry>;
}

export interface VerifiedTokenEntry {
  claims: Record<string, unknown>;
  kid: string;
}

export const maxVerifiedTokens = 10_000;

export function createSigningKeyCache(): SigningKeyCache {
  return {
    loadedAtMs: Number.NEGATIVE_INFINITY,
    activeKid: undefined,
    keys: new Map(),
    privateKeys: new Map(),
    verifiedTokens: new Map(),
  };
}

export interface PublicJwk extends JsonWebKeyRecord {
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface Jwks {
  keys: PublicJwk[];
}

async function reloadKeys(deps: IdentityDeps): Promise<void> {
  const keys = new Map<string, SigningKeyRecord>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<SigningKeyRecord>({
      pk: signingKeysPartition,
      sk: { beginsWith: signingKeyPrefix },
      cursor,
    });
    for (const item of page.items) keys.set(item.data.kid, item.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const active = await deps.store.get<ActiveSigningKeyRecord>(activeSigningKeyKey);
  deps.keyCache.keys = keys;
  deps.keyCache.activeKid = active?.data.kid;
  deps.keyCache.loadedAtMs = deps.clock.nowMs();
}

function newKeyRecord(deps: IdentityDeps): SigningKeyRecord {
  const { privateKey, publicKey } = generateKeyPair({ type: 'ec', namedCurve: 'P-256' });
  const kid = deps.ids.next('key');
  return {
    kid,
    privateJwk: privateKey.export({ format: 'jwk' }) as JsonWebKeyRecord,
    publicJwk: publicKey.export({ format: 'jwk' }) as JsonWebKeyRecord,
    createdAtMs: deps.clock.nowMs(),
  };
}

function isCacheFresh(deps: IdentityDeps): boolean {
  return deps.clock.nowMs() - deps.keyCache.loadedAtMs < deps.settings.signingKeyCacheMs;
}

function privateKeyOf(deps: IdentityDeps, record: SigningKeyRecord): KeyObject {
  let key = deps.keyCache.privateKeys.get(record.kid);
  if (!key) {
    key = createPrivateKey({ key: record.privateJwk, format: 'jwk' });
    deps.keyCache.privateKeys.set(record.kid, key);
  }
  return key;
}

/** The key new tokens are signed with; the first call on an empty store creates it (once, even when racing). */
export async function getActiveSigningKey(deps: IdentityDeps): Promise<{ kid: string; privateKey: KeyObject }> {
  if (!isCacheFresh(deps) || !deps.keyCache.activeKid) await reloadKeys(deps);
  if (!deps.keyCache.activeKid) {
    const record = newKeyRecord(deps);
    try {
      await deps.store.transact([
        { kind: 'put', item: { ...signingKeyKey(record.kid), data: record }, condition: [{ kind: 'notExists' }] },
        {
          kind: 'put',
          item: { ...activeSigningKeyKey, data: { kid: record.kid } },
          condition: [{ kind: 'notExists' }],
        },
      ]);
    } catch (error) {
      // Another process created the first key at the same moment: use theirs.
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    await reloadKeys(deps);
  }
  const kid = deps.keyCache.activeKid;
  const record = kid ? deps.keyCache.keys.get(kid) : undefined;
  if (!kid || !record) throw new Error('The active signing key is missing from the store');
  return { kid, privateKey: privateKeyOf(deps, record) };
}

/** Makes a new key active; the previous one keeps verifying (and stays in the JWKS) until its tokens expire. */
export async function rotateSigningKey(deps: IdentityDeps): Promise<{ kid: string; retiredKid: string | null }> {
  const active = await deps.store.get<ActiveSigningKeyRecord>(activeSigningKeyKey);
  const record = newKeyRecord(deps);
  const nowMs = deps.clock.nowMs();
  const retiredUntilMs = nowMs + deps.settings.accessTokenTtlSeconds * 1000 + retiredKeyGraceMs;
  await deps.store.transact([
    { kind: 'put', item: { ...signingKeyKey(record.kid), data: record }, condition: [{ kind: 'notExists' }] },
    active
      ? {
          kind: 'put',
          item: { ...activeSigningKeyKey, data: { kid: record.kid } },
          condition: [{ kind: 'versionEquals', version: active.version }],
        }
      : {
          kind: 'put',
          item: { ...activeSigningKeyKey, data: { kid: record.kid } },
          condition: [{ kind: 'notExists' }],
        },
    ...(active
      ? [
          {
            kind: 'update' as const,
            key: signingKeyKey(active.data.kid),
            changes: {
              set: { retiredAtMs: nowMs },
              expiresAt: Math.ceil(retiredUntilMs / 1000),
              condition: [{ kind: 'exists' as const }],
            },
          },
        ]
      : []),
  ]);
  await reloadKeys(deps);
  return { kid: record.kid, retiredKid: active?.data.kid ?? null };
}

function isPublished(deps: IdentityDeps, record: SigningKeyRecord, nowMs: number): boolean {
  if (record.retiredAtMs === undefined) return true;
  return nowMs < record.retiredAtMs + deps.settings.accessTokenTtlSeconds * 1000 + retiredKeyGraceMs;
}

function toPublicJwk(record: SigningKeyRecord): PublicJwk {
  const { kty, crv, x, y } = record.publicJwk;
  return { kty: kty!, crv: crv!, x: x!, y: y!, kid: record.kid, alg: 'ES256', use: 'sig' };
}

/** The public keys for `/.well-known/jwks.json`: the active key and the retired ones still in use. */
export async function getJwks(deps: IdentityDeps): Promise<Jwks> {
  if (!isCacheFresh(deps)) await reloadKeys(deps);
  const nowMs = deps.clock.nowMs();
  return {
    keys: [...deps.keyCache.keys.values()]
      .filter((record) => isPublished(deps, record, nowMs))
      // Newest first; kids are time-ordered ids, which also breaks ties within one millisecond.
      .sort((a, b) => b.createdAtMs - a.createdAtMs || (a.kid < b.kid ? 1 : -1))
      .map(toPublicJwk),
  };
}

/** The public key for a token's `kid`, reloading once when another process has rotated meanwhile. */
export async function findVerificationKey(deps: IdentityDeps, kid: string): Promise<PublicJwk | undefined> {
  const nowMs = deps.clock.nowMs();
  if (!deps.keyCache.keys.has(kid) || !isCacheFresh(deps)) {
    if (!isCacheFresh(deps) || nowMs - deps.keyCache.loadedAtMs >= unknownKidReloadIntervalMs) await reloadKeys(deps);
  }
  const record = deps.keyCache.keys.get(kid);
  return record && isPublished(deps, record, nowMs) ? toPublicJwk(record) : undefined;
}
