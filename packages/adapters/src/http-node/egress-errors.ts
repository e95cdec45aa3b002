/** Failures of a guarded outbound request; the executor maps them to final or retryable node errors. */

/** The target (or a redirect hop) is not allowed: private address, scheme, allow-list, port. Final. */
export class EgressBlockedError extends Error {
  override readonly name = 'EgressBlockedError';
}

/** The response body passed the size cap; reading stopped. Final. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
}

/** The request (all hops together) ran past its time limit. Retryable. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
}

/** More redirects than allowed. Final. */
export class TooManyRedirectsError extends Error {
  override readonly name = 'TooManyRedirectsError';
}
