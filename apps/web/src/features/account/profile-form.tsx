/** Change the display name other members see. */
import { UpdateProfileRequest } from '@diatonic/api-schemas';
import { useQueryClient } from '@tanstack/react-query';
import { updateProfile } from '../../api/account-api.ts';
import { NameForm } from '../../ui/name-form.tsx';
import { allMeKey } from '../auth/me-query.ts';

export function ProfileForm({ name }: { name: string }) {
  const queryClient = useQueryClient();
  return (
    <NameForm
      heading="Profile"
      label="Name"
      saveLabel="Save name"
      savedMessage="Your name was saved."
      name={name}
      schema={UpdateProfileRequest}
      save={async (next) => {
        await updateProfile(next);
        await queryClient.invalidateQueries({ queryKey: allMeKey });
      }}
    />
  );
}
