/**
 * One member: name, e-mail, role and join date, with the controls the caller's permissions allow: change
 * the role, remove the member (or leave, on the caller's own row). Removal asks for confirmation inline.
 */
import type { Member, OrgRole } from '@diatonic/api-schemas';
import { useState } from 'react';
import { FormError } from '../../ui/form-error.tsx';
import { roleLabels } from './role-labels.ts';
import { useChangeRole, useRemoveMember } from './use-members.ts';

interface MemberRowProps {
  orgId: string;
  member: Member;
  isMe: boolean;
  /** Roles the caller may assign; empty when they may not change roles. */
  assignable: readonly OrgRole[];
  canRemove: boolean;
  onLeft: () => void;
}

export function MemberRow({ orgId, member, isMe, assignable, canRemove, onLeft }: MemberRowProps) {
  const [role, setRole] = useState<OrgRole>(member.role);
  const [confirming, setConfirming] = useState(false);
  const changeRole = useChangeRole(orgId);
  const remove = useRemoveMember(orgId);
  const displayName = member.name ?? 'Deleted user';
  // Nobody changes a role above their own: an admin sees an owner's role as text.
  const mayChangeRole = assignable.length > 0 && assignable.includes(member.role);
  const mayRemove = isMe || (canRemove && mayChangeRole);
  const removeLabel = isMe ? 'Leave organisation' : `Remove ${displayName}`;

  return (
    <tr>
      <th scope="row">
        {displayName}
        {isMe ? (
          <>
            {' '}
            <span className="badge">you</span>
          </>
        ) : null}
      </th>
      <td>{member.email ?? '—'}</td>
      <td>
        {mayChangeRole ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              changeRole.mutate({ userId: member.userId, role });
            }}
          >
            <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
              Role of {displayName}
            </label>
            <select
              id={`role-${member.userId}`}
              value={role}
              onChange={(event) => setRole(event.target.value as OrgRole)}
            >
              {assignable.map((option) => (
                <option key={option} value={option}>
                  {roleLabels[option]}
                </option>
              ))}
            </select>
            {role !== member.role ? (
              <button type="submit" disabled={changeRole.isPending}>
                {changeRole.isPending ? 'Saving…' : 'Change role'}
              </button>
            ) : null}
          </form>
        ) : (
          roleLabels[member.role]
        )}
        {changeRole.isError ? <FormError error={changeRole.error} /> : null}
      </td>
      <td>
        <time dateTime={member.joinedAt}>{new Date(member.joinedAt).toLocaleDateString()}</time>
      </td>
      <td>
        {mayRemove && !confirming ? (
          <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
            {removeLabel}
          </button>
        ) : null}
        {confirming ? (
          <fieldset className="confirm">
            <legend>{isMe ? 'Leave this organisation?' : `Remove ${displayName} from this organisation?`}</legend>
            <button
              type="button"
              className="button-danger"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(member.userId, {
                  onSuccess: () => (isMe ? onLeft() : setConfirming(false)),
                })
              }
            >
              {remove.isPending ? 'Removing…' : isMe ? 'Yes, leave' : 'Yes, remove'}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </fieldset>
        ) : null}
        {remove.isError ? <FormError error={remove.error} /> : null}
      </td>
    </tr>
  );
}
