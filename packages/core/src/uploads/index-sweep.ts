/**
 * Walks one of the sweeper's time-ordered gsi1 indexes (`UPLOADS#OPEN`, `UPLOADS#UNCLAIMED`) up to
 * `cutoffMs` and applies `act` to each upload, stopping after `max` successes so a huge backlog is
 * worked off over several runs instead of one long job.
 */
import { openUploadSortKey } from './keys.ts';
import type { UploadRecord } from './upload-record.ts';
import type { UploadsDeps } from './uploads-deps.ts';

export async function sweepIndex(
  deps: UploadsDeps,
  indexPk: string,
  cutoffMs: number,
  max: number,
  act: (record: UploadRecord) => Promise<boolean>,
): Promise<number> {
  let done = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<UploadRecord>({
      index: 'gsi1',
      pk: indexPk,
      sk: { lt: openUploadSortKey(cutoffMs, '', '') },
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) {
      if (await act(item.data)) done += 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && done < max);
  return done;
}
