/**
 * A labelled textarea with its error beside it, tied with aria-describedby and aria-invalid (the
 * multi-line sibling of TextField).
 */
interface TextAreaFieldProps {
  id: string;
  label: string;
  name: string;
  rows: number;
  value: string;
  placeholder?: string;
  error?: string | undefined;
  onChange(value: string): void;
}

export function TextAreaField({ id, label, name, rows, value, placeholder, error, onChange }: TextAreaFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
