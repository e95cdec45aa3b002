import { spawnSync } from 'node:child_process';
import { sign, verify } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from './key-pair.ts';

describe('generateKeyPair', () => {
  it('makes EC and RSA pairs that sign, verify and export as JWK', () => {
    for (const spec of [
      { type: 'ec', namedCurve: 'P-256' },
      { type: 'rsa', modulusLength: 2048 },
    ] as const) {
      const { privateKey, publicKey } = generateKeyPair(spec);
      const data = Buffer.from('diatonic');
      expect(verify('sha256', data, publicKey, sign('sha256', data, privateKey))).toBe(true);
      const jwk = publicKey.export({ format: 'jwk' });
      expect(jwk.kty).toBe(spec.type === 'ec' ? 'EC' : 'RSA');
      expect(privateKey.export({ format: 'jwk' }).d).toEqual(expect.any(String));
    }
  });

  it('exports as JWK while the garbage collector runs constantly, without deadlocking', () => {
    // With keys straight from generateKeyPairSync this loop deadlocks within about 2,000 rounds on
    // Node 20.20 under --gc-interval=50 (key-pair.ts says why); 8,000 rounds take about 5 s here.
    const module = fileURLToPath(new URL('./key-pair.ts', import.meta.url));
    const script = `
      import { generateKeyPair } from ${JSON.stringify(module)};
      for (let i = 0; i < 8000; i++) {
        const { privateKey, publicKey } = generateKeyPair({ type: 'ec', namedCurve: 'P-256' });
        publicKey.export({ format: 'jwk' });
        privateKey.export({ format: 'jwk' });
      }
      console.log('finished');`;
    const child = spawnSync(
      process.execPath,
      ['--gc-interval=50', '--import', 'tsx', '--input-type=module', '--eval', script],
      { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' },
    );
    expect(child.signal, 'the child hung and was killed').toBeNull();
    expect(child.stdout.trim()).toBe('finished');
  }, 90_000);
});
