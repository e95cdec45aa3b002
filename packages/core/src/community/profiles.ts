/**
 * Community profiles: what a member writes about themself (own only) and the activity counters the
 * module keeps (posts, comments, reactions received from others), from which reputation is derived
 * here and the trust level by moderation (the injected `trustLevelOf`).
 *
 * Reputation = reactions received from others + 2 × posts written (documented in README).
 */
import type { TrustLevel } from '../moderation/moderation-target.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { isModerator, requirePermission } from './access.ts';
import type { CommunityDeps } from './community-deps.ts';
import { checkText } from './content-input.ts';
import { profileKey } from './keys.ts';
import type { ProfileLink, ProfileRecord } from './records.ts';

export interface ProfileView {
  userId: string;
  name: string;
  role: string;
  title: string | null;
  bio: string | null;
  links: ProfileLink[];
  avatarUrl: string | null;
  stats: { posts: number; comments: number; reactionsReceived: number };
  reputation: number;
  /** Shown to the member themself and to moderators only. */
  trustLevel: TrustLevel | null;
}

export interface UpdateProfileInput {
  name?: string;
  title?: string | null;
  bio?: string | null;
  links?: ProfileLink[];
  avatarUrl?: string | null;
}

export const reputationOf = (profile: Pick<ProfileRecord, 'posts' | 'reactionsReceived'>) =>
  (profile.reactionsReceived ?? 0) + 2 * (profile.posts ?? 0);

/** Activity counters for trust computation (moderation reads them through the facade). */
export async function getActivity(
  deps: CommunityDeps,
  organizationId: string,
  userId: string,
): Promise<{ posts: number; comments: number; reactionsReceived: number }> {
  const item = await deps.store.get<ProfileRecord>(profileKey(organizationId, userId));
  return {
    posts: item?.data.posts ?? 0,
    comments: item?.data.comments ?? 0,
    reactionsReceived: item?.data.reactionsReceived ?? 0,
  };
}

export async function getProfile(deps: CommunityDeps, actor: Actor, userId: string): Promise<ProfileView> {
  requirePermission(actor, 'post:read');
  const member = await deps.findMember(actor.orgId, userId);
  if (!member) throw AppError.notFound('profile', userId);
  const data = (await deps.store.get<ProfileRecord>(profileKey(actor.orgId, userId)))?.data;
  const self = userId === actor.userId;
  return {
    userId,
    name: data?.name || member.name,
    role: member.role,
    title: data?.title ?? null,
    bio: data?.bio ?? null,
    links: data?.links ?? [],
    avatarUrl: data?.avatarUrl ?? null,
    stats: {
      posts: data?.posts ?? 0,
      comments: data?.comments ?? 0,
      reactionsReceived: data?.reactionsReceived ?? 0,
    },
    reputation: reputationOf(data ?? {}),
    trustLevel: self || isModerator(actor) ? await deps.trustLevelOf(actor.orgId, userId) : null,
  };
}

function checkUrl(value: unknown, field: string): string {
  const text = checkText(value, field, 500);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw AppError.invalidInput(`${field} must be an http(s) URL`, { field });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw AppError.invalidInput(`${field} must be an http(s) URL`, { field });
  }
  return url.toString();
}

export async function updateProfile(
  deps: CommunityDeps,
  actor: Actor,
  userId: string,
  input: UpdateProfileInput,
): Promise<ProfileView> {
  requirePermission(actor, 'profile:update');
  if (userId !== actor.userId) {
    if (!(await deps.findMember(actor.orgId, userId))) throw AppError.notFound('profile', userId);
    throw AppError.forbidden('profile:update', 'You can only edit your own profile');
  }
  const set: Partial<ProfileRecord> = {
    userId,
    organizationId: actor.orgId,
    updatedAt: new Date(deps.clock.nowMs()).toISOString(),
  };
  const remove: string[] = [];
  if (input.name !== undefined) set.name = checkText(input.name, 'name', 80);
  const optional = (field: 'title' | 'bio', max: number) => {
    const value = input[field];
    if (value === undefined) return;
    if (value === null || value.trim() === '') remove.push(field);
    else set[field] = checkText(value, field, max);
  };
  optional('title', 100);
  optional('bio', 2000);
  if (input.links !== undefined) {
    if (!Array.isArray(input.links) || input.links.length > 5) {
      throw AppError.invalidInput('links must be a list of at most 5', { field: 'links' });
    }
    set.links = input.links.map((link, i) => ({
      label: checkText(link?.label, `links[${i}].label`, 40),
      url: checkUrl(link?.url, `links[${i}].url`),
    }));
  }
  if (input.avatarUrl !== undefined)
    set.avatarUrl = input.avatarUrl === null ? null : checkUrl(input.avatarUrl, 'avatarUrl');
  // Counters are never in `set`, so concurrent reactions and posts keep their atomic adds.
  await deps.store.update<ProfileRecord>(profileKey(actor.orgId, userId), {
    set,
    ...(remove.length ? { remove } : {}),
  });
  return getProfile(deps, actor, userId);
}
