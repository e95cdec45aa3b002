/**
 * Test support: modules to upload into, created through education's own API (the real `module` upload
 * owner, registered in deps.ts). Fails loudly when that owner is not registered, so upload tests never
 * pass against anything but education's rules.
 */
import type { Deps } from '../src/deps.ts';

export interface TestModules {
  /** A module in `orgId`, created by `token`'s user through education's API. */
  create(orgId: string, token: string): Promise<string>;
}

type Send = (
  method: string,
  path: string,
  options: { token: string; orgId: string; body: unknown },
) => Promise<Response>;

export function moduleOwnerFor(deps: Pick<Deps, 'uploads'>, send: Send): TestModules {
  if (!deps.uploads.hasOwner('module')) throw new Error("education's `module` upload owner is not registered");
  return {
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
