/**
 * /orgs/:orgId/audit: the organisation's audit log for owners and admins (`audit:read`), newest first.
 * The filters (who, which action) live in the URL, so a filtered view survives a reload and can be shared;
 * the server applies them. Others see why the page is closed to them; the server refuses them anyway.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useUrlFilters } from '../../ui/use-url-filters.ts';
import { AuditTable } from './audit-table.tsx';
import { useMembers } from './use-members.ts';
import { useOrganizationPage } from './use-organization-page.tsx';

export function AuditPage() {
  const { orgId = '' } = useParams();
  const { standIn, me, membership } = useOrganizationPage(orgId);
  const [params, setFilter] = useUrlFilters();
  const actorId = params.get('actor') ?? '';
  const action = params.get('action') ?? '';
  const [actionInput, setActionInput] = useState(action);
  // Back and forward change the URL; the action box follows it.
  useEffect(() => setActionInput(action), [action]);
  const members = useMembers(orgId);

  if (standIn) return standIn;

  const canRead = me.permissions.includes('audit:read');
  const memberNames = new Map(
    (members.data?.pages ?? []).flatMap((page) =>
      page.items.map((member) => [member.userId, member.name ?? 'Deleted user'] as const),
    ),
  );
  const onSubmitAction = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ action: actionInput.trim() });
  };

  return (
    <section className="page" aria-labelledby="audit-heading">
      <title>{`Audit log of ${membership.name} · Diatonic`}</title>
      <h1 id="audit-heading">Audit log of {membership.name}</h1>
      {canRead ? (
        <>
          <p className="lead">
            Every change made in this organisation: who, what, when and whether it succeeded. Entries cannot be edited
            or deleted.
          </p>
          <div className="audit-filters">
            <label>
              Who{' '}
              <select value={actorId} onChange={(event) => setFilter({ actor: event.target.value })}>
                <option value="">Anyone</option>
                {[...memberNames].map(([userId, name]) => (
                  <option key={userId} value={userId}>
                    {name}
                  </option>
                ))}
                {actorId && !memberNames.has(actorId) ? <option value={actorId}>{actorId}</option> : null}
              </select>
            </label>
            <form className="inline-form" aria-label="Filter by action" onSubmit={onSubmitAction}>
              <label htmlFor="audit-action">Action</label>
              <input
                id="audit-action"
                value={actionInput}
                onChange={(event) => setActionInput(event.target.value)}
                placeholder="e.g. member.invite"
                maxLength={64}
              />
              <button type="submit">Filter</button>
              {action || actorId ? (
                <button type="button" className="link-button" onClick={() => setFilter({ actor: '', action: '' })}>
                  Clear filters
                </button>
              ) : null}
            </form>
          </div>
          <AuditTable
            orgId={orgId}
            filter={{ ...(actorId ? { actorId } : {}), ...(action ? { action } : {}) }}
            memberNames={memberNames}
            onPickAction={(picked) => setFilter({ action: picked })}
          />
        </>
      ) : (
        <p className="notice" role="status">
          Only owners and admins can read the audit log. Your role here does not include it.
        </p>
      )}
    </section>
  );
}
