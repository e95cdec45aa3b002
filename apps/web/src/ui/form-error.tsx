/**
 * The message of a failed form submission, announced as an alert. Field messages for inputs the form
 * shows appear beside them (TextField); any others are listed here so no reason is ever dropped.
 */
import { fieldErrors, plainMessage } from '../api/error-messages.ts';

interface FormErrorProps {
  error: unknown;
  /** Inputs the form shows (their messages appear beside them). */
  fields?: readonly string[];
  /** Overrides the plain-words message, e.g. the login's deliberately vague one. */
  message?: string;
}

export function FormError({ error, fields = [], message }: FormErrorProps) {
  if (!error) return null;
  const others = Object.entries(fieldErrors(error)).filter(([name]) => !fields.includes(name));
  return (
    <div className="form-error" role="alert">
      <p>{message ?? plainMessage(error)}</p>
      {others.length > 0 ? (
        <ul>
          {others.map(([name, message]) => (
            <li key={name}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
