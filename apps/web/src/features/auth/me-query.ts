/** Query keys of the identity data, in one place so mutations invalidate exactly what they change. */
export const meKey = (organizationId: string | null) => ['me', organizationId] as const;
export const allMeKey = ['me'] as const;
export const membersKey = (organizationId: string) => ['orgs', organizationId, 'members'] as const;
export const invitationsKey = (organizationId: string) => ['orgs', organizationId, 'invitations'] as const;
export const auditKey = (organizationId: string, filter: { actorId?: string; action?: string }) =>
  ['orgs', organizationId, 'audit', filter] as const;
