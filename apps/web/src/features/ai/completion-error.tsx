/**
 * Why a completion failed, in words that say what to do: the budget is used up (402), too many calls
 * (429, with how long to wait), a model the plan does not include (403), or anything else.
 */
import { ApiError } from '../../api/api-error.ts';
import { plainMessage } from '../../api/error-messages.ts';

function headline(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The completion failed';
  switch (error.code) {
    case 'budget_exceeded':
      return 'Budget exceeded: the AI allowance of this organisation is used up';
    case 'rate_limited':
      return 'Rate limited: too many AI calls right now';
    case 'forbidden':
      return 'Not allowed: this model or action is not available to you';
    case 'invalid_input':
      return 'The request was refused';
    default:
      return 'The completion failed';
  }
}

/** The server's own words when they add something to the plain sentence (which limit, which model). */
function serverDetail(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status === 0 || !error.message) return null;
  return error.message === plainMessage(error) ? null : error.message;
}

export function CompletionError({ error }: { error: unknown }) {
  const apiError = error instanceof ApiError ? error : null;
  const detail = serverDetail(error);
  return (
    <div className="error-state" role="alert" data-testid="completion-error">
      <p className="error-title">{headline(error)}</p>
      <p>{plainMessage(error)}</p>
      {detail ? <p>{detail}</p> : null}
      {apiError ? (
        <p className="error-meta">
          HTTP {apiError.status} · code <code>{apiError.code}</code>
          {apiError.requestId ? (
            <>
              {' '}
              · request id <code>{apiError.requestId}</code>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
