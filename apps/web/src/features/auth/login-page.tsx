/** Log in with e-mail and password, then continue to `?next=` (or the home page). */
import { LoginRequest } from '@diatonic/api-schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { login } from '../../api/auth-api.ts';
import { fieldErrors, loginFailureMessage } from '../../api/error-messages.ts';
import { checkRequest, formValues } from '../../api/request-check.ts';
import { FormError } from '../../ui/form-error.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { safeNextPath, withNext } from './next-path.ts';
import { useSession } from './use-session.ts';

const fields = ['email', 'password'] as const;

export function LoginPage() {
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { isSignedIn } = useSession();
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: login,
    onSuccess: () => {
      queryClient.clear();
      navigate(next, { replace: true });
    },
  });

  if (isSignedIn && !mutation.isPending && !mutation.isSuccess) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkRequest(LoginRequest, formValues(event.currentTarget));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (checked.ok) mutation.mutate(checked.value);
  };
  const errors = { ...fieldErrors(mutation.error), ...checkErrors };

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
