/**
 * Seconds until a rate-limited call may be retried (from the error's `retryAfterMs`, which the client
 * fills from Retry-After), counting down to 0. The playground keeps Send disabled meanwhile, so waiting is
 * visible and a retry cannot be refused again for the same reason.
 */
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-error.ts';

export function useRetryCountdown(error: unknown): number {
  const [secondsLeft, setSecondsLeft] = useState(0);
  useEffect(() => {
    const waitMs = error instanceof ApiError && error.code === 'rate_limited' ? error.details?.retryAfterMs : undefined;
    if (typeof waitMs !== 'number' || waitMs <= 0) {
      setSecondsLeft(0);
      return;
    }
    const until = Date.now() + waitMs;
    const tick = () => setSecondsLeft(Math.max(0, Math.ceil((until - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [error]);
  return secondsLeft;
}
