/** Reading the community event log: the organisation's channel, or the public one with `scope=public`. */
import type { EventPage } from '../events/event-log.ts';
import type { Actor } from '../shared/actor.ts';
import { requirePermission } from './access.ts';
import type { CommunityDeps } from './community-deps.ts';
import { orgChannel, publicChannel } from './keys.ts';

export type EventScope = 'organization' | 'public';

export function channelFor(actor: Actor, scope: EventScope = 'organization'): string {
  requirePermission(actor, 'post:read');
  return scope === 'public' ? publicChannel : orgChannel(actor.orgId);
}

export async function listEvents(
  deps: CommunityDeps,
  actor: Actor,
  input: { after?: string; scope?: EventScope; limit?: number },
): Promise<EventPage> {
  return deps.events.list(channelFor(actor, input.scope), input.after ?? '0', input.limit ?? 100);
}
