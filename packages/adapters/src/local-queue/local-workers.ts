/**
 * In-process workers for the local queue (the Node server runs them beside the HTTP server).
 *
 * One loop leases up to the number of free slots, runs each job's handler, then acks or fails it
 * (the queue applies the retry policy). It wakes at once when this process sends a job or a slot frees
 * up, and polls otherwise (jobs sent by other processes, delays and backoffs coming due). While a
 * handler runs, its lease is extended every third of the visibility timeout, so a slow handler is not
 * redelivered while it is alive; if the process dies, the extensions stop and the job comes back.
 */
import {
  AppError,
  checkVisibilityTimeout,
  handlerFor,
  type JobHandlers,
  type JobQueueConsumer,
  type LeasedJob,
  maxReceiveBatch,
  summarizeError,
} from '@diatonic/core';

/** The subset of pino's interface the workers use. */
export interface WorkerLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface LocalWorkersOptions {
  /** A consumer; when it can announce sends in this process (`onSend`), workers wake without polling. */
  queue: JobQueueConsumer & { onSend?: (listener: () => void) => () => void };
  handlers: JobHandlers;
  /** Handlers running at once, 1–1000. */
  concurrency: number;
  /** Longest idle wait between receives, in milliseconds. */
  pollIntervalMs: number;
  visibilityTimeoutMs: number;
  logger?: WorkerLogger;
}

export interface LocalWorkers {
  /** Stops leasing, waits for in-flight handlers to finish and report back. Safe to call twice. */
  stop(): Promise<void>;
}

const consoleLogger: WorkerLogger = {
  info: () => {},
  warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })),
  error: (fields, message) => console.error(JSON.stringify({ level: 'error', msg: message, ...fields })),
};

export function startLocalWorkers(options: LocalWorkersOptions): LocalWorkers {
  const { queue, handlers, concurrency, pollIntervalMs, visibilityTimeoutMs } = options;
  const logger = options.logger ?? consoleLogger;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    throw AppError.invalidInput('concurrency must be an integer from 1 to 1000', { concurrency });
  }
  if (!Number.isInteger(pollIntervalMs) || pollIntervalMs < 1) {
    throw AppError.invalidInput('pollIntervalMs must be a positive integer', { pollIntervalMs });
  }
  checkVisibilityTimeout(visibilityTimeoutMs);

  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  // A wake-up that arrives while the loop is busy is remembered, so the next wait returns at once.
  let woken = false;
  let wakeSleeper: (() => void) | undefined;
  const wake = () => {
    woken = true;
    wakeSleeper?.();
  };
  // Even when woken, the wait goes through setImmediate: jobs on a synchronous store resolve as
  // microtasks only, so a loop that never yields would starve the process's I/O (HTTP requests
  // would wait until the queue drains).
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) return void setImmediate(resolve);
      const done = () => {
        clearTimeout(timer);
        wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeSleeper = done;
    });
  const unsubscribe = queue.onSend?.(wake) ?? (() => {});

  const run = async (job: LeasedJob): Promise<void> => {
    const fields = { jobId: job.id, type: job.type, attempt: job.attempt };
    const heartbeat = setInterval(
      () => {
        queue.extend(job, visibilityTimeoutMs).then(
          (held) => {
            if (!held) logger.warn(fields, 'job lease was lost while its handler ran; it may run twice');
          },
          (error: unknown) => logger.error({ ...fields, error: summarizeError(error) }, 'could not extend job lease'),
        );
      },
      Math.max(1, Math.floor(visibilityTimeoutMs / 3)),
    );
    try {
      await handlerFor(handlers, job)(job);
      clearInterval(heartbeat);
      if (!(await queue.ack(job))) {
        logger.warn(fields, 'job finished after its lease was lost; it may run again');
      }
    } catch (error) {
      clearInterval(heartbeat);
      const outcome = await queue.fail(job, error);
      const failure = { ...fields, error: summarizeError(error) };
      if (outcome.outcome === 'retry') logger.warn({ ...failure, delayMs: outcome.delayMs }, 'job failed; will retry');
      else if (outcome.outcome === 'dead') logger.error({ ...failure, reason: outcome.reason }, 'job dead-lettered');
      else logger.warn(failure, 'job failed after its lease was lost');
    } finally {
      clearInterval(heartbeat);
    }
  };

  const track = (job: LeasedJob) => {
    const running: Promise<void> = run(job)
      .catch((error: unknown) => {
        // ack/fail themselves failed (e.g. the database is locked or closed): the lease will expire
        // and the job comes back, which is the at-least-once promise.
        logger.error({ jobId: job.id, error: summarizeError(error) }, 'could not record job outcome');
      })
      .finally(() => {
        inFlight.delete(running);
        wake();
      });
    inFlight.add(running);
  };

  const loop = (async () => {
    while (!stopping) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        await idle(pollIntervalMs);
        woken = false;
        continue;
      }
      woken = false;
      let jobs: LeasedJob[];
      try {
        jobs = await queue.receive({ maxJobs: Math.min(free, maxReceiveBatch), visibilityTimeoutMs });
      } catch (error) {
        logger.error({ error: summarizeError(error) }, 'could not receive jobs');
        await idle(pollIntervalMs);
        continue;
      }
      // Jobs leased just before stop() still run: they are ours until their lease expires.
      for (const job of jobs) track(job);
      if (jobs.length < free) {
        await idle(pollIntervalMs);
      }
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        stopping = true;
        unsubscribe();
        wake();
        await loop;
        while (inFlight.size > 0) await Promise.all([...inFlight]);
      })();
      return stopped;
    },
  };
}
