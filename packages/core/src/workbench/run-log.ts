/**
 * The run's log: an ordered event channel (DESIGN §5). Sequence numbers come from an atomic counter,
 * so concurrent writers (parallel branches) never collide; readers page with `after` and tolerate gaps.
 */
import { maxTransactOperations, type TransactOperation } from '../ports/item-store.ts';
import type { OutgoingJob } from '../ports/write-and-send.ts';
import { ConditionFailedError } from '../shared/errors.ts';
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

/**
 * Reserves sequence numbers for `entries` (one atomic add) and returns their puts, for the caller to
 * write in the same transaction as the change they describe (a step's result, a run's end): one
 * store round trip fewer per batch, and a log entry never outlives a change that was refused. A
 * refused transaction leaves a gap in the sequence, which readers tolerate.
 */
export async function logPuts(
  deps: WorkbenchDeps,
  orgId: string,
  runId: string,
  entries: NewLog[],
): Promise<TransactOperation[]> {
  if (entries.length === 0) return [];
  const counter = await deps.store.update<{ seq: number }>(logSeqKey(orgId, runId), { add: { seq: entries.length } });
  return logItems(orgId, runId, counter.data.seq - entries.length + 1, deps.clock.nowMs(), entries);
}

/**
 * The log items of `entries` numbered after `seq`, the counter's value as last read, with the
 * counter's move to `seq + entries.length` on condition that it still is `seq` (first): written in
 * the caller's transaction, this numbers the lines without an atomic add of its own. When another
 * writer moved the counter meanwhile, the transaction is refused on that operation (`writeWithLogs`
 * reads the counter again and retries).
 */
export function logPutsAfter(
  orgId: string,
  runId: string,
  seq: number,
  at: number,
  entries: NewLog[],
): TransactOperation[] {
  if (entries.length === 0) return [];
  return [
    {
      kind: 'update',
      key: logSeqKey(orgId, runId),
      changes: {
        set: { seq: seq + entries.length },
        condition: [{ kind: 'compare', field: 'seq', op: '=', value: seq }],
      },
    },
    ...logItems(orgId, runId, seq + 1, at, entries),
  ];
}

/**
 * Writes `operations`, then the log lines `entries`, and sends `jobs`, all in one `writeAndSend`. The
 * lines are numbered from `seq`, the log counter as read (see `logPutsAfter`); when another writer
 * moved it meanwhile (a slow step's flush, a stop), the counter is read again and the write retried,
 * and an unknown counter (or a third conflict) falls back to the atomic add of `logPuts`. Any other
 * refusal is the caller's ConditionFailedError, its index counting `operations` first.
 */
export async function writeWithLogs(
  deps: WorkbenchDeps,
  target: { orgId: string; runId: string; seq: number | undefined },
  operations: TransactOperation[],
  entries: NewLog[],
  jobs: readonly OutgoingJob[] = [],
): Promise<void> {
  const { orgId, runId } = target;
  let seq = target.seq;
  for (let round = 0; ; round++) {
    const optimistic = seq !== undefined && round < 3;
    const logs =
      seq !== undefined && optimistic
        ? logPutsAfter(orgId, runId, seq, deps.clock.nowMs(), entries)
        : await logPuts(deps, orgId, runId, entries);
    try {
      await deps.writeAndSend([...operations, ...logs], jobs);
      return;
    } catch (error) {
      const counterMoved =
        optimistic && error instanceof ConditionFailedError && error.index === operations.length && logs.length > 0;
      if (!counterMoved) throw error;
      seq = (await deps.store.get<{ seq: number }>(logSeqKey(orgId, runId)))?.data.seq;
    }
  }
}

/** The log items of `entries` numbered from `first` (a new run's first entry is numbered 1). */
export function logItems(
  orgId: string,
  runId: string,
  first: number,
  at: number,
  entries: NewLog[],
): TransactOperation[] {
  return entries.map((entry, index) => {
    const seq = first + index;
    const message =
      entry.message.length > maxMessageChars ? `${entry.message.slice(0, maxMessageChars)}…` : entry.message;
    const data: LogRecord = { ...entry, message, seq, at };
    return { kind: 'put' as const, item: { pk: runPartition(orgId, runId), sk: logSortKey(seq), data } };
  });
}

/** The counter item of a new run's log whose first `count` entries are written with it. */
export const newLogCounter = (orgId: string, runId: string, count: number): TransactOperation => ({
  kind: 'put',
  item: { ...logSeqKey(orgId, runId), data: { seq: count } },
  condition: [{ kind: 'notExists' }],
});

export async function appendLogs(deps: WorkbenchDeps, orgId: string, runId: string, entries: NewLog[]): Promise<void> {
  const puts = await logPuts(deps, orgId, runId, entries);
  for (let i = 0; i < puts.length; i += maxTransactOperations) {
    const chunk = puts.slice(i, i + maxTransactOperations);
    if (chunk.length === 1 && chunk[0]?.kind === 'put') await deps.store.put(chunk[0].item);
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
