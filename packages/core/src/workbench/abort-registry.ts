/**
 * In-process stop signals and completion waiters. A stop made in this process aborts the run's
 * in-flight steps at once; other processes learn of it by polling the run's status item (step-runner).
 * `?wait=` callers in this process are woken when the run finishes here, and poll otherwise.
 */

export interface AbortRegistry {
  /** Registers a running step's controller; returns the function that unregisters it. */
  track(runId: string, controller: AbortController): () => void;
  abortRun(runId: string, reason: string): void;
  /** Resolves when `finished(runId)` is called in this process, or after `ms`. */
  waitFinished(runId: string, ms: number): Promise<void>;
  finished(runId: string): void;
}

export function createAbortRegistry(): AbortRegistry {
  const controllers = new Map<string, Set<AbortController>>();
  const waiters = new Map<string, Set<() => void>>();
  return {
    track(runId, controller) {
      const set = controllers.get(runId) ?? new Set<AbortController>();
      controllers.set(runId, set);
      set.add(controller);
      return () => {
        set.delete(controller);
        if (set.size === 0) controllers.delete(runId);
      };
    },
    abortRun(runId, reason) {
      for (const controller of controllers.get(runId) ?? []) controller.abort(new Error(reason));
    },
    waitFinished(runId, ms) {
      return new Promise((resolve) => {
        const set = waiters.get(runId) ?? new Set<() => void>();
        waiters.set(runId, set);
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0) waiters.delete(runId);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
      });
    },
    finished(runId) {
      for (const wake of [...(waiters.get(runId) ?? [])]) wake();
    },
  };
}
