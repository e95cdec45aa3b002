/** /account: profile name, password, a download of everything the user has here, and account deletion. */
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useOwnPasswords } from '../auth/use-auth-config.ts';
import { useMe } from '../auth/use-me.ts';
import { DeleteAccountSection } from './delete-account-section.tsx';
import { ExportDataSection } from './export-data-section.tsx';
import { PasswordForm } from './password-form.tsx';
import { ProfileForm } from './profile-form.tsx';

export function AccountPage() {
  const me = useMe();
  // Cognito mode: the user pool owns passwords, so there is neither a password form nor one to confirm with.
  const ownPasswords = useOwnPasswords();
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
          {ownPasswords === true ? <PasswordForm /> : null}
          <ExportDataSection />
          {/* Asks for the password unless the server said Cognito (the built-in provider requires it). */}
          <DeleteAccountSection askPassword={ownPasswords !== false} />
        </>
      ) : null}
    </section>
  );
}
