/**
 * Shows a failed request in plain words, with the code and request id to quote when reporting it, and a
 * retry button.
 */
import { ApiError } from '../api/api-error.ts';
import { plainMessage } from '../api/error-messages.ts';

export function ErrorState({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const apiError = error instanceof ApiError ? error : null;
  return (
    <div className="error-state" role="alert">
      <p className="error-title">{title}</p>
      <p>{plainMessage(error)}</p>
      {apiError ? (
        <p className="error-meta">
          Code <code>{apiError.code}</code>
          {apiError.requestId ? (
            <>
              {' '}
              · request id <code>{apiError.requestId}</code>
            </>
          ) : null}
        </p>
      ) : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
