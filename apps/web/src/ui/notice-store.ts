/**
 * One page-wide notice ("You have logged out", "You no longer have access to …") that survives the
 * navigation that usually follows the event, until the user dismisses it or a new one replaces it.
 */
type Listener = () => void;

const listeners = new Set<Listener>();
let current: string | null = null;

export const noticeStore = {
  get: (): string | null => current,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  show(message: string | null): void {
    current = message;
    for (const listener of listeners) listener();
  },
};
