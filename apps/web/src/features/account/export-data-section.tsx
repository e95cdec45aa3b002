/** Downloads everything the platform holds about the user (GET /api/me/export) as a JSON file. */
import { useMutation } from '@tanstack/react-query';
import { exportAccount } from '../../api/account-api.ts';
import { FormError } from '../../ui/form-error.tsx';

export function ExportDataSection() {
  const mutation = useMutation({ mutationFn: exportAccount, onSuccess: saveAsFile });
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Your data</h2>
      <p>Download your profile, memberships and the actions you took, as one JSON file.</p>
      {mutation.isError ? <FormError error={mutation.error} /> : null}
      {mutation.isSuccess ? <p role="status">Your data was downloaded.</p> : null}
      <button type="button" onClick={() => mutation.mutate()} disabled={mutation.isPending}>
        {mutation.isPending ? 'Preparing download…' : 'Download my data'}
      </button>
    </section>
  );
}

function saveAsFile(document: { exportedAt: string }): void {
  const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement('a');
  link.href = url;
  link.download = `diatonic-account-export-${document.exportedAt.slice(0, 10)}.json`;
  link.click();
  // The click has started the download; the URL is no longer needed once the event loop moves on.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
