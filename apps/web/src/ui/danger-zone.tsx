/**
 * A card for something that cannot be undone (deleting an account, an organisation): says what happens,
 * opens its confirmation form only when asked, and shows the server's refusal. The caller supplies the
 * form's inputs and what submitting does.
 */
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { FormError } from './form-error.tsx';

interface DangerZoneProps {
  title: string;
  /** What happens, one point per list item. */
  consequences: ReactNode[];
  openLabel: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  /** Inputs the form shows (their errors appear beside them; others in the form's alert). */
  fields: readonly string[];
  onSubmit(form: FormData): void;
  children: ReactNode;
}

export function DangerZone(props: DangerZoneProps) {
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    props.onSubmit(new FormData(event.currentTarget));
  };

  return (
    <section className="card danger-zone" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.title}</h2>
      <ul>
        {props.consequences.map((consequence, index) => (
          // The list is fixed for the card's life: its position is its identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: static list
          <li key={index}>{consequence}</li>
        ))}
      </ul>
      {open ? (
        <form className="form" onSubmit={onSubmit} noValidate>
          {props.children}
          {props.error ? <FormError error={props.error} fields={props.fields} /> : null}
          <div className="actions">
            <button type="submit" className="button-danger" disabled={props.pending}>
              {props.pending ? 'Deleting…' : props.submitLabel}
            </button>
            <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button-danger" onClick={() => setOpen(true)}>
          {props.openLabel}
        </button>
      )}
    </section>
  );
}
