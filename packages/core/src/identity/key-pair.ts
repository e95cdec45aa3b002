/**
 * Key pairs that are safe to export as JWK.
 *
 * Node 20's `generateKeyPairSync` hands back KeyObjects that share one mutex with the generation job,
 * and the job's config takes that mutex when it is destroyed. Exporting such a key (as JWK, say) holds
 * the mutex while it allocates; if that allocation starts a GC that finalises the job, the thread waits
 * on itself for ever. CI hit it: a test worker sat for 15 minutes in `ExportJWKRsaKey` → GC →
 * `~KeyGenJob` → `pthread_mutex_lock` (gdb backtrace, 2026-11-27). The signing-key code runs the same
 * sequence on a first start and on every rotation.
 *
 * So the pair is generated straight into DER bytes, then imported: the imported keys own their mutex
 * and the job never had a KeyObject to share.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export type KeyPairSpec = { type: 'ec'; namedCurve: 'P-256' } | { type: 'rsa'; modulusLength: number };

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateKeyPair(spec: KeyPairSpec): KeyPair {
  const publicKeyEncoding = { type: 'spki', format: 'der' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'der' } as const;
  const der =
    spec.type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: spec.namedCurve, publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync('rsa', { modulusLength: spec.modulusLength, publicKeyEncoding, privateKeyEncoding });
  return {
    privateKey: createPrivateKey({ key: der.privateKey, format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: der.publicKey, format: 'der', type: 'spki' }),
  };
}
