/** /account: profile name, password, a download of everything the user has here, and account deletion. */
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { DeleteAccountSection } from './delete-account-section.tsx';
import { ExportDataSection } from './export-data-section.tsx';
import { PasswordForm } from './password-form.tsx';
import { ProfileForm } from './profile-form.tsx';

export function AccountPage() {
  const me = useMe();
  return (
    <section className="page" aria-labelledby="account-heading">
      <title>Account · Diatonic</title>
      <h1 id="account-heading">Your account</h1>
      {me.isPending ? <LoadingState label="Loading your account…" /> : null}
      {me.isError ? (
        <ErrorState title="Your account could not be loaded" error={me.error} onRetry={() => me.refetch()} />
      ) : null}
      {me.data ? (
        <>
          <p className="lead">Signed in as {me.data.user.email ?? me.data.user.name}</p>
          <ProfileForm name={me.data.user.name} />
          <PasswordForm />
          <ExportDataSection />
          <DeleteAccountSection />
        </>
      ) : null}
    </section>
  );
}
