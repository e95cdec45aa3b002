/**
 * https through the pinned address: the socket goes to the vetted IP while TLS still checks the
 * certificate against the host name (SNI + verification). Uses a throwaway self-signed certificate
 * made with the openssl CLI; skipped where openssl is missing.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetryableNodeError, testNode, testNodeContext } from '@diatonic/core/workbench/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpNodeExecutor } from './http-node-executor.ts';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasOpenssl())('http node over https with a pinned address', () => {
  const dir = mkdtempSync(join(tmpdir(), 'http-node-tls-'));
  let server: https.Server;
  let port = 0;
  let cert = '';
  const servernames: (string | undefined)[] = [];

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=secure.public.test',
        '-addext',
        'subjectAltName=DNS:secure.public.test',
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (request, response) => {
      servernames.push((request.socket as { servername?: string }).servername);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"secure":true}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const executor = () =>
    createHttpNodeExecutor({
      resolve: async () => ['127.0.0.1'],
      allowAddress: (address, target) => address === '127.0.0.1' && target === port,
      tlsCa: cert,
    });

  it('connects to the vetted address and verifies the certificate for the host name', async () => {
    const result = await executor().execute(
      testNodeContext(testNode('http', { url: `https://secure.public.test:${port}/` })),
    );
    expect(result.output).toMatchObject({ status: 200, body: { secure: true } });
    expect(servernames).toEqual(['secure.public.test']);
  });

  it('fails, finally, when the certificate does not name the host', async () => {
    const error = await executor()
      .execute(testNodeContext(testNode('http', { url: `https://other.public.test:${port}/` })))
      .then(
        () => undefined,
        (caught: unknown) => caught as Error & { code?: string },
      );
    expect(error?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(error).not.toBeInstanceOf(RetryableNodeError);
  });
});
