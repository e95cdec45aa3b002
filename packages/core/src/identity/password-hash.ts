/**
 * Password hashing with scrypt (node:crypto). The encoded hash names its parameters
 * (`$scrypt$ln=15,r=8,p=1$<salt>$<key>`, base64 without padding), so the defaults can be raised later:
 * old hashes still verify and `needsRehash` tells login to upgrade them.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
  keyBytes: number;
  saltBytes: number;
}

/** N = 2^15, r = 8, p = 1, 64-byte key, 16-byte salt: 32 MiB per hash; the README gives the measured cost and the trade-off. */
export const defaultScryptParams: ScryptParams = { logN: 15, r: 8, p: 1, keyBytes: 64, saltBytes: 16 };

/** Longest password we hash; longer input is rejected before any work so it cannot be used to burn CPU. */
export const maxPasswordLength = 256;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly that at N = 2^15, r = 8, so raise it.
  const maxmem = 256 * N * params.r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, params.keyBytes, { N, r: params.r, p: params.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, params: ScryptParams = defaultScryptParams): Promise<string> {
  const salt = randomBytes(params.saltBytes);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const encodedPattern = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{22,})$/;

function parseHash(encoded: string): ParsedHash | undefined {
  const match = encodedPattern.exec(encoded);
  if (!match) return undefined;
  const [, logN, r, p, salt, key] = match;
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  // Refuse parameters no hash of ours has, so a corrupted item cannot make a login allocate gigabytes.
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) {
    return undefined;
  }
  const saltBytes = Buffer.from(salt!, 'base64url');
  const keyBytes = Buffer.from(key!, 'base64url');
  return {
    params: { ...params, keyBytes: keyBytes.length, saltBytes: saltBytes.length },
    salt: saltBytes,
    key: keyBytes,
  };
}

/** Constant-time comparison of the derived key; a malformed hash never matches. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed || password.length > maxPasswordLength) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

export function needsRehash(encoded: string, params: ScryptParams = defaultScryptParams): boolean {
  const parsed = parseHash(encoded);
  if (!parsed) return true;
  const current = parsed.params;
  return (
    current.logN !== params.logN ||
    current.r !== params.r ||
    current.p !== params.p ||
    current.keyBytes !== params.keyBytes ||
    current.saltBytes !== params.saltBytes
  );
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * A hash of a random password at the given parameters, made once per process. Login verifies against
 * it when the e-mail is unknown, so that path costs the same time as a wrong password.
 */
export function dummyPasswordHash(params: ScryptParams = defaultScryptParams): Promise<string> {
  const id = `${params.logN},${params.r},${params.p},${params.keyBytes},${params.saltBytes}`;
  let hash = dummyHashes.get(id);
  if (!hash) {
    hash = hashPassword(randomBytes(24).toString('base64url'), params);
    dummyHashes.set(id, hash);
  }
  return hash;
}
