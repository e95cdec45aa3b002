/** One organisation in the platform admin's list: its plan can be changed and saved in place. */
import { type Organization, PlanId } from '@diatonic/api-schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { setOrganizationPlan } from '../../api/admin-api.ts';
import { FormError } from '../../ui/form-error.tsx';

export const adminOrganizationsKey = ['admin', 'organizations'] as const;

export function OrganizationRow({ organization }: { organization: Organization }) {
  const queryClient = useQueryClient();
  const [plan, setPlan] = useState<PlanId>(organization.plan);
  const save = useMutation({
    mutationFn: () => setOrganizationPlan(organization.id, plan),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminOrganizationsKey }),
  });
  const changed = plan !== organization.plan;

  return (
    <tr>
      <td>
        <strong>{organization.name}</strong>
        {organization.personal ? (
          <>
            {' '}
            <span className="badge">personal</span>
          </>
        ) : null}
        <br />
        <code className="muted">{organization.id}</code>
      </td>
      <td>{organization.memberCount}</td>
      <td>{new Date(organization.createdAt).toLocaleDateString()}</td>
      <td>
        <select
          aria-label={`Plan of ${organization.name}`}
          value={plan}
          onChange={(event) => setPlan(event.target.value as PlanId)}
        >
          {PlanId.options.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>{' '}
        {changed ? (
          <button type="button" disabled={save.isPending} onClick={() => save.mutate()}>
            {save.isPending ? 'Saving…' : 'Save plan'}
          </button>
        ) : null}
        {save.isSuccess && !changed ? <span role="status"> Saved</span> : null}
        {save.isError ? <FormError error={save.error} /> : null}
      </td>
    </tr>
  );
}
