import { describe, expect, it } from 'vitest';
import { testScryptParams } from './identity-test-kit.ts';
import { defaultScryptParams, dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password-hash.ts';

describe('password hashing', () => {
  it('hashes with the production parameters into a self-describing string and verifies it', async () => {
    const hash = await hashPassword('Correct-horse-42');
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(await verifyPassword('Correct-horse-42', hash)).toBe(true);
    expect(await verifyPassword('correct-horse-42', hash)).toBe(false);
    expect(needsRehash(hash, defaultScryptParams)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password 1', testScryptParams),
      hashPassword('same password 1', testScryptParams),
    ]);
    expect(a).not.toBe(b);
  });

  it('verifies hashes made with older parameters and asks for a rehash', async () => {
    const old = await hashPassword('Correct-horse-42', testScryptParams);
    expect(old.startsWith('$scrypt$ln=10,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('Correct-horse-42', old)).toBe(true);
    expect(needsRehash(old, defaultScryptParams)).toBe(true);
  });

  it('never matches a malformed or absurd hash', async () => {
    const good = await hashPassword('Correct-horse-42', testScryptParams);
    expect(await verifyPassword('Correct-horse-42', good.replace('ln=10', 'ln=30'))).toBe(false);
    expect(await verifyPassword('Correct-horse-42', 'plaintext')).toBe(false);
    expect(await verifyPassword('Correct-horse-42', `${good.slice(0, -4)}AAAA`)).toBe(false);
  });

  it('refuses over-long passwords without hashing them', async () => {
    const hash = await hashPassword('x'.repeat(256), testScryptParams);
    expect(await verifyPassword('x'.repeat(256), hash)).toBe(true);
    expect(await verifyPassword('x'.repeat(257), hash)).toBe(false);
  });

  it('makes one dummy hash per parameter set that no password matches', async () => {
    const dummy = await dummyPasswordHash(testScryptParams);
    expect(await dummyPasswordHash(testScryptParams)).toBe(dummy);
    expect(await verifyPassword('', dummy)).toBe(false);
    expect(await verifyPassword('Correct-horse-42', dummy)).toBe(false);
  });
});
