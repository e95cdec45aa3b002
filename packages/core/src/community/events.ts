/** Reading the community event log: the organisation's channel, or the public one with `scope=public`. */
import type { LoggedEvent } from '../events/event-log.ts';
import type { Actor } from '../shared/actor.ts';
import { requirePermission } from './access.ts';
import type { CommunityDeps } from './community-deps.ts';
import type { CommunityEventType } from './community-events.ts';
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
): Promise<{ items: (LoggedEvent & { type: CommunityEventType })[]; lastId: string }> {
  const page = await deps.events.list(channelFor(actor, input.scope), input.after ?? '0', input.limit ?? 100);
  // Only community publishes to its channels (community-events.ts), so every type is one of its own.
  return page as { items: (LoggedEvent & { type: CommunityEventType })[]; lastId: string };
}
