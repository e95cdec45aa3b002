/**
 * Fixtures for the upload rows of the matrix and the cross-tenant suite: a module in organisation A
 * (made through education's API; see test/test-upload-owner.ts), an upload on it with its file in
 * place, and signed blob URLs of the local store.
 */
import { attachmentOwnerKind } from '@diatonic/core';
import { moduleOwnerFor, type TestModules } from '../../test/test-upload-owner.ts';
import { type Caller, send, type World } from './fixture-world.ts';

const modulesByWorld = new WeakMap<World, TestModules>();

function modulesOf(world: World): TestModules {
  let modules = modulesByWorld.get(world);
  if (!modules) {
    const owner = world.callers.owner;
    modules = moduleOwnerFor(world.platform.deps, (method, path, o) =>
      send({ ...owner, accessToken: o.token, activeOrgId: o.orgId } as Caller, method, { path, body: o.body }),
    );
    modulesByWorld.set(world, modules);
  }
  return modules;
}

/** A module of A authored by A's instructor (education lets authors, admins and owners edit a module). */
export function moduleInA(world: World): Promise<string> {
  return modulesOf(world).create(world.orgA.id, world.callers.instructor.accessToken!);
}

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** An upload made by A's owner on a module of A, with its file uploaded (so it can be completed). */
export async function uploadInA(world: World): Promise<{ orgId: string; moduleId: string; uploadId: string }> {
  const moduleId = await moduleInA(world);
  const { deps } = world.platform;
  const owner = world.callers.owner;
  const ticket = await deps.uploads.requestUpload(
    { userId: owner.userId!, orgId: world.orgA.id, role: 'owner', plan: 'enterprise' },
    {
      ownerKind: 'module',
      ownerId: moduleId,
      purpose: 'thumbnail',
      fileName: 'matrix.png',
      contentType: 'image/png',
      sizeBytes: png.length,
    },
  );
  await deps.blobStore.put(`uploads/temp/${world.orgA.id}/${ticket.uploadId}`, png, 'image/png');
  return { orgId: world.orgA.id, moduleId, uploadId: ticket.uploadId };
}

/** A post attachment uploaded by A's owner for their posts (owner `post-attachment`), its file in place. */
export async function attachmentUploadInA(world: World): Promise<{ orgId: string; uploadId: string }> {
  const { deps } = world.platform;
  const owner = world.callers.owner;
  const ticket = await deps.uploads.requestUpload(
    { userId: owner.userId!, orgId: world.orgA.id, role: 'owner', plan: 'enterprise' },
    {
      ownerKind: attachmentOwnerKind,
      ownerId: owner.userId!,
      purpose: 'attachment',
      fileName: 'attachment.png',
      contentType: 'image/png',
      sizeBytes: png.length,
    },
  );
  await deps.blobStore.put(`uploads/temp/${world.orgA.id}/${ticket.uploadId}`, png, 'image/png');
  return { orgId: world.orgA.id, uploadId: ticket.uploadId };
}

let blobCounter = 0;

/** A signed upload URL of the local store for a JSON body (what the matrix's request builder sends). */
export async function signedJsonUpload(world: World): Promise<string> {
  blobCounter += 1;
  const grant = await world.platform.deps.blobStore.createUpload({
    key: `matrix/${Date.now().toString(36)}-${blobCounter}.json`,
    contentType: 'application/json',
    maxBytes: 4096,
    expiresInSeconds: 300,
  });
  return grant.url;
}

export async function signedDownload(world: World): Promise<string> {
  blobCounter += 1;
  const key = `matrix/download-${blobCounter}.txt`;
  await world.platform.deps.blobStore.put(key, new TextEncoder().encode('matrix'), 'text/plain');
  return (await world.platform.deps.blobStore.createDownloadUrl({ key, expiresInSeconds: 300 })).url;
}
