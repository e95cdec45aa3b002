/** How roles read in the interface, and which ones a member may hand out (nobody grants above their own). */
import { type OrgRole, orgRoleIds } from '@diatonic/api-schemas';

export const roleLabels: Record<OrgRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  instructor: 'Instructor',
  moderator: 'Moderator',
  member: 'Member',
};

/** Owners may assign any role; admins any but owner (ownership moves only by transfer). */
export function assignableRoles(myRole: OrgRole | undefined): OrgRole[] {
  if (myRole === 'owner') return [...orgRoleIds];
  if (myRole === 'admin') return orgRoleIds.filter((role) => role !== 'owner');
  return [];
}
