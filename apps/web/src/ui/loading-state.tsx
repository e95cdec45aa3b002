/** A polite live region announcing that something is loading. */
export function LoadingState({ label }: { label: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}
