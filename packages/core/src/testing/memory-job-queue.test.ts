import { describe, expect, it } from 'vitest';
import { describeJobQueueContract } from '../ports/job-queue.contract.ts';
import { AppError } from '../shared/errors.ts';
import { createMemoryJobQueue } from './memory-job-queue.ts';

describeJobQueueContract('memory', ({ nowMs, random, retry }) => ({
  queue: createMemoryJobQueue({ nowMs, random, retry }),
}));

describe('memory job queue drain', () => {
  it('runs jobs and the jobs they send, retries retryable failures and dead-letters the rest', async () => {
    const now = 1_000;
    const queue = createMemoryJobQueue({ nowMs: () => now, random: () => 0 });
    const log: string[] = [];
    let flaky = 0;
    await queue.send({ type: 'first', payload: { n: 1 } });
    await queue.send({ type: 'flaky', payload: {} });
    await queue.send({ type: 'broken', payload: {} });
    await queue.send({ type: 'unknown', payload: {} });
    const result = await queue.drain({
      first: async (job) => {
        log.push(`first ${JSON.stringify(job.payload)}`);
        await queue.send({ type: 'second', payload: { from: job.id } });
      },
      second: async () => {
        log.push('second');
      },
      flaky: async (job) => {
        flaky++;
        if (job.attempt < 3) throw new AppError('upstream_failed', 'try again');
      },
      broken: async () => {
        throw AppError.invalidInput('never works');
      },
    });
    expect(log).toEqual(['first {"n":1}', 'second']);
    expect(flaky).toBe(3);
    expect(result).toEqual({ completed: 3, retried: 2, dead: 2 });
    const dead = await queue.listDeadLetters();
    expect(dead.items.map((d) => [d.type, d.lastError.code])).toEqual([
      ['broken', 'invalid_input'],
      ['unknown', 'not_found'],
    ]);
  });

  it('refuses to loop forever when handlers keep sending jobs', async () => {
    const queue = createMemoryJobQueue();
    await queue.send({ type: 'again', payload: {} });
    const error = await queue
      .drain({ again: async () => void (await queue.send({ type: 'again', payload: {} })) }, { maxJobs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
  });
});
