/** Create an account (and with it a personal organisation), then continue to `?next=` (or the home page). */
import { SignupRequest } from '@diatonic/api-schemas';
import { Link, Navigate } from 'react-router';
import { signup } from '../../api/auth-api.ts';
import { FormError } from '../../ui/form-error.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { withNext } from './next-path.ts';
import { useCredentialsForm } from './use-credentials-form.ts';

const fields = ['name', 'email', 'password'] as const;

export function SignupPage() {
  const { next, mutation, onSubmit, errors, alreadySignedIn } = useCredentialsForm(SignupRequest, signup);
  if (alreadySignedIn) return <Navigate to={next} replace />;

  return (
    <section className="page narrow" aria-labelledby="signup-heading">
      <title>Sign up · Diatonic</title>
      <h1 id="signup-heading">Sign up</h1>
      <p>Your account comes with a personal organisation, where you are the owner.</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label="Name" name="name" autoComplete="name" required maxLength={100} error={errors.name} />
        <TextField label="E-mail" name="email" type="email" autoComplete="email" required error={errors.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters, mixing at least two of: lower case, upper case, digits, symbols. Common passwords and your e-mail address are refused."
          error={errors.password}
        />
        {mutation.isError ? <FormError error={mutation.error} fields={fields} /> : null}
        <button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? 'Creating your account…' : 'Sign up'}
        </button>
      </form>
      <p>
        Already have an account? <Link to={withNext('/login', next)}>Log in</Link>
      </p>
    </section>
  );
}
