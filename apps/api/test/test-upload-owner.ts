/**
 * Test support: upload owners for API tests. Education's real `module` owner is registered in deps.ts
 * once that branch is merged; until then `moduleOwnerFor` registers a stand-in with the same rules
 * (the module exists in the caller's organisation, else 404; `module:update`, else 403), and once it
 * exists, modules are created through education's own API instead.
 */
import { AppError, can, type ProcessedAsset, type UploadOwner } from '@diatonic/core';
import type { Deps } from '../src/deps.ts';

export interface TestModules {
  /** A module in `orgId`, created by `token`'s user (through education's API when it is wired). */
  create(orgId: string, token: string): Promise<string>;
  /** Assets attached so far (stand-in owner only). */
  attached: ProcessedAsset[];
}

type Send = (
  method: string,
  path: string,
  options: { token: string; orgId: string; body: unknown },
) => Promise<Response>;

export function moduleOwnerFor(deps: Pick<Deps, 'uploads' | 'ids'>, send: Send): TestModules {
  const attached: ProcessedAsset[] = [];
  if (deps.uploads.hasOwner('module')) {
    return {
      attached,
      async create(orgId, token) {
        const res = await send('POST', '/api/education/modules', {
          token,
          orgId,
          body: {
            title: 'Upload test module',
            description: 'For upload tests',
            contentType: 'mixed',
            difficulty: 'beginner',
          },
        });
        if (res.status !== 201) throw new Error(`creating a module answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { id: string }).id;
      },
    };
  }
  const modules = new Map<string, string>();
  const owner: UploadOwner = {
    kind: 'module',
    async authorize(actor, ownerId) {
      if (modules.get(ownerId) !== actor.orgId) throw AppError.notFound('module', ownerId);
      if (!can(actor.role, 'module:update')) throw AppError.forbidden('module:update');
    },
    keyPrefix: (orgId, ownerId) => `orgs/${orgId}/modules/${ownerId}/`,
    async attach(asset) {
      if (!modules.has(asset.ownerId)) throw AppError.notFound('module', asset.ownerId);
      if (!attached.some((a) => a.uploadId === asset.uploadId)) attached.push(asset);
    },
    linkFor: (ownerId) => `/education/modules/${ownerId}`,
  };
  deps.uploads.registerOwner(owner);
  return {
    attached,
    async create(orgId) {
      const id = deps.ids.next('mod');
      modules.set(id, orgId);
      return id;
    },
  };
}
