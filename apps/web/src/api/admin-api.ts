/** Platform administration (`/api/admin`): every organisation, and an organisation's plan. Platform admins only. */
import { Organization, OrganizationPage, type PlanId } from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';

export function listAllOrganizations(cursor: string | null, signal?: AbortSignal): Promise<OrganizationPage> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  return apiAuthed(`/api/admin/organizations${query}`, OrganizationPage, { organizationId: null, signal });
}

export function setOrganizationPlan(orgId: string, plan: PlanId): Promise<Organization> {
  return apiAuthed(`/api/admin/organizations/${encodeURIComponent(orgId)}/plan`, Organization, {
    method: 'PUT',
    body: { plan },
    organizationId: null,
  });
}
