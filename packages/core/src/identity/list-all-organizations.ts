/**
 * The platform admin's list of every organisation, newest first, a page at a time (gsi1 `ORGS`, keys.ts).
 * Anyone else is refused: a tenant never learns other tenants exist.
 */
import type { Principal } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requirePageLimit } from './identity-input.ts';
import { organizationsIndexPartition } from './keys.ts';
import type { OrganizationRecord } from './records.ts';
import { type OrganizationView, toOrganizationView } from './views.ts';

export interface ListAllOrganizationsInput {
  cursor?: string;
  limit?: number;
}

export async function listAllOrganizations(
  deps: IdentityDeps,
  principal: Principal,
  input: ListAllOrganizationsInput = {},
): Promise<{ items: OrganizationView[]; nextCursor: string | null }> {
  if (principal.platformRole !== 'platform_admin') {
    throw AppError.forbidden('platform:list_organizations', 'Only platform admins can list every organisation');
  }
  const page = await deps.store.query<OrganizationRecord>({
    index: 'gsi1',
    pk: organizationsIndexPartition,
    reverse: true,
    limit: requirePageLimit(input.limit),
    cursor: input.cursor,
  });
  return { items: page.items.map((item) => toOrganizationView(item.data)), nextCursor: page.nextCursor };
}
