/** Owners and admins rename the organisation (org:update); the header's switcher shows the new name. */
import { RenameOrganizationRequest } from '@diatonic/api-schemas';
import { useQueryClient } from '@tanstack/react-query';
import { renameOrganization } from '../../api/orgs-api.ts';
import { NameForm } from '../../ui/name-form.tsx';
import { allMeKey } from '../auth/me-query.ts';

export function RenameOrganizationForm({ orgId, name }: { orgId: string; name: string }) {
  const queryClient = useQueryClient();
  return (
    <NameForm
      heading="Organisation name"
      label="Name"
      saveLabel="Rename organisation"
      savedMessage="The organisation was renamed."
      name={name}
      schema={RenameOrganizationRequest}
      save={async (next) => {
        await renameOrganization(orgId, next);
        await queryClient.invalidateQueries({ queryKey: allMeKey });
      }}
    />
  );
}
