/**
 * /orgs/:orgId/members: who belongs to the organisation and with which role. The controls (invite, change
 * role, remove, revoke, rename or delete the organisation) appear only when /api/auth/me grants the permission in
 * this organisation; the server checks again on every request. Opening the page makes the organisation
 * the active one.
 */
import { useNavigate, useParams } from 'react-router';
import { sessionStore } from '../../api/session-store.ts';
import { noticeStore } from '../../ui/notice-store.ts';
import { DeleteOrganizationSection } from './delete-organization-section.tsx';
import { InvitationsList } from './invitations-list.tsx';
import { InviteMemberForm } from './invite-member-form.tsx';
import { MembersTable } from './members-table.tsx';
import { RenameOrganizationForm } from './rename-organization-form.tsx';
import { assignableRoles, roleLabels } from './role-labels.ts';
import { useOrganizationPage } from './use-organization-page.tsx';

export function MembersPage() {
  const { orgId = '' } = useParams();
  const navigate = useNavigate();
  const { standIn, me, membership } = useOrganizationPage(orgId);
  if (standIn) return standIn;

  const permissions = new Set(me.permissions);
  const assignable = permissions.has('member:update_role') ? assignableRoles(membership.role) : [];
  const inviteRoles = permissions.has('member:invite') ? assignableRoles(membership.role) : [];
  const onLeft = () => {
    sessionStore.setActiveOrganization(null);
    noticeStore.show(`You left ${membership.name}.`);
    navigate('/', { replace: true });
  };

  return (
    <section className="page" aria-labelledby="members-heading">
      <title>{`Members of ${membership.name} · Diatonic`}</title>
      <h1 id="members-heading">Members of {membership.name}</h1>
      <p className="lead">
        Your role here: {roleLabels[membership.role]} · Plan: {membership.plan}
      </p>
      <MembersTable
        orgId={orgId}
        myUserId={me.user.id}
        assignable={assignable}
        canRemove={permissions.has('member:remove')}
        onLeft={onLeft}
      />
      {inviteRoles.length > 0 ? <InviteMemberForm orgId={orgId} assignable={inviteRoles} /> : null}
      {inviteRoles.length > 0 ? <InvitationsList orgId={orgId} /> : null}
      {permissions.has('org:update') ? <RenameOrganizationForm orgId={orgId} name={membership.name} /> : null}
      {/* A personal organisation goes with its account (the account page), not on its own. */}
      {permissions.has('org:delete') && !membership.personal ? (
        <DeleteOrganizationSection orgId={orgId} name={membership.name} />
      ) : null}
    </section>
  );
}
