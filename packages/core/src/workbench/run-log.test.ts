import { describe, expect, it } from 'vitest';
import { ConditionFailedError } from '../shared/errors.ts';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { createMemoryJobQueue } from '../testing/memory-job-queue.ts';
import { createWorkbenchDeps } from './index.ts';
import { logSeqKey } from './keys.ts';
import { appendLogs, type NewLog, newLogCounter, readLogs, writeWithLogs } from './run-log.ts';

const line = (message: string): NewLog => ({ kind: 'log', nodeId: 'n', level: 'info', message });

function setUp() {
  const store = createMemoryItemStore();
  const queue = createMemoryJobQueue();
  const deps = createWorkbenchDeps({ store, queue, executors: [] });
  return { store, queue, deps, target: { orgId: 'org_1', runId: 'run_1' } };
}

describe('writeWithLogs', () => {
  it('numbers the lines after the counter as read, in the same transaction as the writes', async () => {
    const { store, deps, target } = setUp();
    await store.transact([newLogCounter(target.orgId, target.runId, 2)]);
    await writeWithLogs(
      deps,
      { ...target, seq: 2 },
      [{ kind: 'put', item: { pk: 'T#org_1#X', sk: 'A', data: {} } }],
      [line('a'), line('b')],
    );
    expect((await readLogs(deps, target.orgId, target.runId, 0, 10)).map((l) => [l.seq, l.message])).toEqual([
      [3, 'a'],
      [4, 'b'],
    ]);
    expect((await store.get(logSeqKey(target.orgId, target.runId)))?.data.seq).toBe(4);
  });

  it('reads the counter again when another writer moved it, so no two lines share a number', async () => {
    const { store, deps, target } = setUp();
    await store.transact([newLogCounter(target.orgId, target.runId, 1)]);
    // A flush (atomic add) after the step read the counter at 1.
    await appendLogs(deps, target.orgId, target.runId, [line('flushed')]);
    await writeWithLogs(deps, { ...target, seq: 1 }, [], [line('result')]);
    expect((await readLogs(deps, target.orgId, target.runId, 0, 10)).map((l) => [l.seq, l.message])).toEqual([
      [2, 'flushed'],
      [3, 'result'],
    ]);
  });

  it('falls back to the atomic add when the counter is unknown', async () => {
    const { deps, target } = setUp();
    await writeWithLogs(deps, { ...target, seq: undefined }, [], [line('x')]);
    expect((await readLogs(deps, target.orgId, target.runId, 0, 10)).map((l) => l.seq)).toEqual([1]);
  });

  it("refuses as a whole on the caller's own condition, with its index, and sends nothing", async () => {
    const { store, queue, deps, target } = setUp();
    await store.transact([newLogCounter(target.orgId, target.runId, 1)]);
    await store.put({ pk: 'T#org_1#X', sk: 'A', data: {} });
    const error = await writeWithLogs(
      deps,
      { ...target, seq: 1 },
      [{ kind: 'put', item: { pk: 'T#org_1#X', sk: 'A', data: {} }, condition: [{ kind: 'notExists' }] }],
      [line('x')],
      [{ job: { type: 't', payload: {} } }],
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionFailedError);
    expect((error as ConditionFailedError).index).toBe(0);
    expect(await readLogs(deps, target.orgId, target.runId, 0, 10)).toEqual([]);
    expect(await queue.stats()).toMatchObject({ ready: 0 });
  });
});
