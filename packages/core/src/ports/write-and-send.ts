/**
 * WriteAndSend: one ItemStore transaction and the jobs that follow from it (a stored step result and
 * the job of the step it made ready). The jobs are sent only once the writes are committed, and not
 * at all when the transaction is refused (ConditionFailedError, as from `transact`).
 *
 * An adapter pair whose store and queue share one database writes both in one transaction (SQLite and
 * the local queue: one commit instead of two, and no crash window between them). The default,
 * `writeThenSend`, sends after the commit: a crash in between leaves the writes without their jobs,
 * which callers repair as they must after any crash (a redelivered job advances from what is stored).
 */
import type { ItemStore, TransactOperation } from './item-store.ts';
import type { JobQueue, JobToSend, SendOptions } from './job-queue.ts';

/** A job and its send options. */
export interface OutgoingJob {
  job: JobToSend;
  options?: SendOptions;
}

export type WriteAndSend = (operations: TransactOperation[], jobs: readonly OutgoingJob[]) => Promise<void>;

export function writeThenSend(store: ItemStore, queue: JobQueue): WriteAndSend {
  return async (operations, jobs) => {
    if (operations.length > 0) await store.transact(operations);
    await Promise.all(jobs.map(({ job, options }) => queue.send(job, options)));
  };
}
