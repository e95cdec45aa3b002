/**
 * The run's log: an ordered event channel (DESIGN §5). Sequence numbers come from an atomic counter,
 * so concurrent writers (parallel branches) never collide; readers page with `after` and tolerate gaps.
 */
import { maxTransactOperations } from '../ports/item-store.ts';
import { logPrefix, logSeqKey, logSortKey, runPartition } from './keys.ts';
import type { LogRecord } from './records.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export interface NewLog {
  kind: LogRecord['kind'];
  nodeId: string | null;
  level: LogRecord['level'];
  message: string;
  data?: Record<string, unknown>;
}

const maxMessageChars = 8_000;

export async function appendLogs(deps: WorkbenchDeps, orgId: string, runId: string, entries: NewLog[]): Promise<void> {
  if (entries.length === 0) return;
  const counter = await deps.store.update<{ seq: number }>(logSeqKey(orgId, runId), { add: { seq: entries.length } });
  const first = counter.data.seq - entries.length + 1;
  const at = deps.clock.nowMs();
  const puts = entries.map((entry, index) => {
    const seq = first + index;
    const message =
      entry.message.length > maxMessageChars ? `${entry.message.slice(0, maxMessageChars)}…` : entry.message;
    const data: LogRecord = { ...entry, message, seq, at };
    return { kind: 'put' as const, item: { pk: runPartition(orgId, runId), sk: logSortKey(seq), data } };
  });
  for (let i = 0; i < puts.length; i += maxTransactOperations) {
    const chunk = puts.slice(i, i + maxTransactOperations);
    if (chunk.length === 1 && chunk[0]) await deps.store.put(chunk[0].item);
    else await deps.store.transact(chunk);
  }
}

export async function readLogs(
  deps: WorkbenchDeps,
  orgId: string,
  runId: string,
  after: number,
  limit: number,
): Promise<LogRecord[]> {
  const page = await deps.store.query<LogRecord>({
    pk: runPartition(orgId, runId),
    sk: { between: [logSortKey(after + 1), `${logPrefix}~`] },
    limit,
  });
  return page.items.map((item) => item.data);
}
