/**
 * The header's organisation switcher: the user's memberships from /api/auth/me, the active one selected.
 * Switching stores the choice (sent as X-Organization-Id from then on) and, on an organisation page, opens
 * the same page of the chosen organisation.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router';
import { sessionStore } from '../../api/session-store.ts';
import { useMe } from '../auth/use-me.ts';

export function OrganizationSwitcher() {
  const me = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const queryClient = useQueryClient();

  if (me.isPending) return <span className="muted">Loading organisations…</span>;
  if (me.isError) return <span className="muted">Organisations unavailable</span>;

  const active = me.data.activeOrganization;
  const onChange = (organizationId: string) => {
    sessionStore.setActiveOrganization(organizationId);
    void queryClient.invalidateQueries();
    const onOrgPage = pathname.match(/^\/orgs\/[^/]+(\/.*)$/);
    if (onOrgPage) navigate(`/orgs/${encodeURIComponent(organizationId)}${onOrgPage[1]}`);
  };

  return (
    <div className="org-switcher">
      <label htmlFor="org-switcher">Organisation</label>
      <select id="org-switcher" value={active?.id ?? ''} onChange={(event) => onChange(event.target.value)}>
        {active ? null : <option value="">None</option>}
        {me.data.memberships.map((membership) => (
          <option key={membership.organizationId} value={membership.organizationId}>
            {membership.name}
          </option>
        ))}
      </select>
      {active ? <Link to={`/orgs/${encodeURIComponent(active.id)}/members`}>Members</Link> : null}
      {active && me.data.permissions.includes('audit:read') ? (
        <Link to={`/orgs/${encodeURIComponent(active.id)}/audit`}>Audit log</Link>
      ) : null}
      <Link to="/orgs/new">New organisation</Link>
    </div>
  );
}
