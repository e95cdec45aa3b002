import { S3Client } from '@aws-sdk/client-s3';
import { createS3BlobStore } from '@diatonic/adapters/s3';
import { describe, expect, it } from 'vitest';
import type { AuthConfig, BlobsConfig } from '../config.ts';
import { blobStoreOrigins, webContentSecurityPolicyFor } from './content-security-policy.ts';

const builtin: AuthConfig = { mode: 'builtin', issuer: 'diatonic-local', clientId: 'diatonic-local' };
const localBlobs: BlobsConfig = { kind: 'local', dir: '/tmp/files' };

/** The policy as a map of directive → sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((directive) => {
      const [name, ...sources] = directive.split(' ');
      return [name!, sources];
    }),
  );
}

describe('webContentSecurityPolicyFor', () => {
  it('runs only the app’s own scripts and styles, and nothing frames or rebases the page', () => {
    const policy = parse(webContentSecurityPolicyFor({ blobs: localBlobs, auth: builtin }));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    // Same-origin blobs and built-in sign-in: nothing beyond the page's origin may be fetched.
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('media-src')).toEqual(["'self'"]);
    // Community markdown may show external https images.
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'https:']);
  });

  it('lets the page fetch the Cognito hosted UI (code exchange, revocation) and nothing else of it', () => {
    const cognito: AuthConfig = {
      mode: 'cognito',
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
      clientId: 'client1',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbC123',
      hostedUi: { domain: 'https://diatonic.auth.eu-west-1.amazoncognito.com', scopes: ['openid'] },
    };
    const policy = parse(webContentSecurityPolicyFor({ blobs: localBlobs, auth: cognito }));
    expect(policy.get('connect-src')).toEqual(["'self'", 'https://diatonic.auth.eu-west-1.amazoncognito.com']);
    expect(policy.get('script-src')).toEqual(["'self'"]);
  });

  it('adds a local blob store’s public base URL origin where blobs are read and uploaded', () => {
    const blobs: BlobsConfig = { kind: 'local', dir: '/tmp/files', publicBaseUrl: 'https://files.example.com/base/' };
    const policy = parse(webContentSecurityPolicyFor({ blobs, auth: builtin }));
    for (const directive of ['connect-src', 'media-src', 'frame-src']) {
      expect(policy.get(directive)).toEqual(["'self'", 'https://files.example.com']);
    }
  });
});

describe('blobStoreOrigins', () => {
  // Presigning is offline: these are the URLs the S3 adapter really hands to browsers.
  const signedOrigins = async (bucket: string, clientOptions: ConstructorParameters<typeof S3Client>[0]) => {
    const client = new S3Client({ ...clientOptions, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
    const store = createS3BlobStore({ client, bucket });
    const upload = await store.createUpload({
      key: 'uploads/a.png',
      contentType: 'image/png',
      maxBytes: 10,
      expiresInSeconds: 60,
    });
    const download = await store.createDownloadUrl({ key: 'uploads/a.png', expiresInSeconds: 60 });
    client.destroy();
    return [new URL(upload.url).origin, new URL(download.url).origin];
  };

  it.each([
    ['a plain bucket name (virtual-hosted URLs)', 'diatonic-files'],
    ['a bucket name with dots (path-style URLs)', 'files.diatonic.example'],
  ])('covers the origins S3 presigns for %s', async (_case, bucket) => {
    const origins = blobStoreOrigins({ kind: 's3', bucket, region: 'eu-west-1' });
    for (const origin of await signedOrigins(bucket, { region: 'eu-west-1' })) expect(origins).toContain(origin);
  });

  it('is the custom endpoint’s origin when one is set (MinIO, s3rver)', async () => {
    const endpoint = 'http://127.0.0.1:9000';
    const origins = blobStoreOrigins({ kind: 's3', bucket: 'files', region: 'us-east-1', endpoint });
    expect(origins).toEqual(['http://127.0.0.1:9000']);
    const signed = await signedOrigins('files', { region: 'us-east-1', endpoint, forcePathStyle: true });
    expect(signed).toEqual(['http://127.0.0.1:9000', 'http://127.0.0.1:9000']);
  });

  it('is empty for a local store serving same-origin paths', () => {
    expect(blobStoreOrigins(localBlobs)).toEqual([]);
  });
});
