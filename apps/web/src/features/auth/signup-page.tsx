/** Create an account (and with it a personal organisation), then continue to `?next=` (or the home page). */
import { SignupRequest } from '@diatonic/api-schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { signup } from '../../api/auth-api.ts';
import { fieldErrors } from '../../api/error-messages.ts';
import { checkRequest, formValues } from '../../api/request-check.ts';
import { FormError } from '../../ui/form-error.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { safeNextPath, withNext } from './next-path.ts';
import { useSession } from './use-session.ts';

const fields = ['name', 'email', 'password'] as const;

export function SignupPage() {
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { isSignedIn } = useSession();
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: signup,
    onSuccess: () => {
      queryClient.clear();
      navigate(next, { replace: true });
    },
  });

  if (isSignedIn && !mutation.isPending && !mutation.isSuccess) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkRequest(SignupRequest, formValues(event.currentTarget));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (checked.ok) mutation.mutate(checked.value);
  };
  const errors = { ...fieldErrors(mutation.error), ...checkErrors };

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
