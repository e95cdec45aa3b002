/** Log in with e-mail and password, then continue to `?next=` (or the home page). */
import { LoginRequest } from '@diatonic/api-schemas';
import { Link, Navigate } from 'react-router';
import { login } from '../../api/auth-api.ts';
import { loginFailureMessage } from '../../api/error-messages.ts';
import { FormError } from '../../ui/form-error.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { withNext } from './next-path.ts';
import { useCredentialsForm } from './use-credentials-form.ts';

const fields = ['email', 'password'] as const;

export function LoginPage() {
  const { next, mutation, onSubmit, errors, alreadySignedIn } = useCredentialsForm(LoginRequest, login);
  if (alreadySignedIn) return <Navigate to={next} replace />;

  return (
    <section className="page narrow" aria-labelledby="login-heading">
      <title>Log in · Diatonic</title>
      <h1 id="login-heading">Log in</h1>
      {next !== '/' ? <p>Log in to continue.</p> : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label="E-mail" name="email" type="email" autoComplete="email" required error={errors.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
        />
        {mutation.isError ? (
          <FormError error={mutation.error} fields={fields} message={loginFailureMessage(mutation.error)} />
        ) : null}
        <button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        No account yet? <Link to={withNext('/signup', next)}>Sign up</Link>
      </p>
    </section>
  );
}
