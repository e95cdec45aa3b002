/** Invite someone by e-mail with a role; on success shows the accept link to pass on. */
import { CreateInvitationRequest, type CreateInvitationResponse, type OrgRole } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { fieldErrors } from '../../api/error-messages.ts';
import { checkRequest, formValues } from '../../api/request-check.ts';
import { FormError } from '../../ui/form-error.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { InviteLink } from './invite-link.tsx';
import { roleLabels } from './role-labels.ts';
import { useInvite } from './use-members.ts';

const fields = ['email', 'role'] as const;

export function InviteMemberForm({ orgId, assignable }: { orgId: string; assignable: readonly OrgRole[] }) {
  const invite = useInvite(orgId);
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreateInvitationResponse | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const checked = checkRequest(CreateInvitationRequest, formValues(form));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (!checked.ok) return;
    setCreated(null);
    invite.mutate(checked.value, {
      onSuccess: (result) => {
        setCreated(result);
        form.reset();
      },
    });
  };
  const errors = { ...fieldErrors(invite.error), ...checkErrors };

  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label="E-mail" name="email" type="email" autoComplete="off" required error={errors.email} />
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="member">
            {assignable.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </select>
          {errors.role ? <p className="field-error">{errors.role}</p> : null}
        </div>
        {invite.isError ? <FormError error={invite.error} fields={fields} /> : null}
        <button type="submit" disabled={invite.isPending}>
          {invite.isPending ? 'Creating invitation…' : 'Create invitation'}
        </button>
      </form>
      {created ? <InviteLink email={created.invitation.email} acceptPath={created.acceptPath} /> : null}
    </section>
  );
}
