/**
 * WriteAndSend (core ports/write-and-send.ts) for the SQLite item store and the local queue on the
 * same database handle: the item writes and the job rows commit in one transaction. That is the
 * durability rule ("a result is stored before the next step is enqueued") with no window between the
 * two, at the cost of one commit instead of two (a commit, not a statement, is what a write costs).
 */
import type { WriteAndSend } from '@diatonic/core';
import type { SqliteItemStore } from '../sqlite/sqlite-item-store.ts';
import type { LocalJobQueue } from './local-job-queue.ts';

/** `store` and `queue` must have been created on the same Database handle (a send outside its transaction throws). */
export function sqliteWriteAndSend(store: SqliteItemStore, queue: LocalJobQueue): WriteAndSend {
  return async (operations, jobs) => {
    await store.transactWith(operations, () => {
      for (const { job, options } of jobs) queue.sendInTransaction(job, options);
    });
  };
}
