/** The author card stored with each post and comment: community profile name/avatar, else the member's account name. */
import type { Actor } from '../shared/actor.ts';
import type { CommunityDeps } from './community-deps.ts';
import { profileKey } from './keys.ts';
import type { AuthorProfile, ProfileRecord } from './records.ts';

export async function authorProfileOf(deps: CommunityDeps, actor: Actor): Promise<AuthorProfile> {
  const [profile, member] = await Promise.all([
    deps.store.get<ProfileRecord>(profileKey(actor.orgId, actor.userId)),
    deps.findMember(actor.orgId, actor.userId),
  ]);
  return {
    name: profile?.data.name || member?.name || 'Member',
    role: actor.role,
    avatarUrl: profile?.data.avatarUrl ?? null,
  };
}
