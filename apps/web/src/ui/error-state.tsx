/**
 * Shows a failed request as the API reported it (message, code, request id) with a retry button; other
 * errors get a generic message because their text is not meant for users.
 */
import { ApiError } from '../api/api-error.ts';

export function ErrorState({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const apiError = error instanceof ApiError ? error : null;
  return (
    <div className="error-state" role="alert">
      <p className="error-title">{title}</p>
      <p>{apiError ? apiError.message : 'Something unexpected went wrong.'}</p>
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
