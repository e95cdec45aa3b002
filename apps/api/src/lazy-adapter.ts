/**
 * Adapters whose SDK is imported on their first call instead of at start-up. On Lambda every module the
 * bundle imports statically is parsed and run during the cold start; S3, SQS and Bedrock clients (with
 * their share of the AWS SDK) are only needed by the requests that upload, enqueue or call a model, so
 * deps.ts loads them through these wrappers and the bundler leaves them in chunks read on demand.
 *
 * A failed load is retried on the next call (the import itself can fail only on a broken deployment).
 */
import type { BlobStore, JobQueue, LlmProvider } from '@diatonic/core';

/** One loader shared by every method: the first call starts it, later calls wait on the same promise. */
export function lazyLoader<T>(load: () => Promise<T>): { get(): Promise<T>; loaded(): T | undefined } {
  let loading: Promise<T> | undefined;
  let value: T | undefined;
  return {
    get() {
      loading ??= load().then(
        (loadedValue) => {
          value = loadedValue;
          return loadedValue;
        },
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
    loaded: () => value,
  };
}

export function lazyBlobStore(get: () => Promise<BlobStore>): BlobStore {
  return {
    createUpload: async (input) => (await get()).createUpload(input),
    head: async (key) => (await get()).head(key),
    read: async (key, range) => (await get()).read(key, range),
    stream: async (key) => (await get()).stream(key),
    put: async (key, bytes, contentType) => (await get()).put(key, bytes, contentType),
    move: async (from, to) => (await get()).move(from, to),
    delete: async (key) => (await get()).delete(key),
    createDownloadUrl: async (input) => (await get()).createDownloadUrl(input),
    list: async (prefix, options) => (await get()).list(prefix, options),
  };
}

export function lazyJobQueue(get: () => Promise<JobQueue>): JobQueue {
  return { send: async (job, options) => (await get()).send(job, options) };
}

/** `name` is known before loading: the gateway reads it without calling the provider. */
export function lazyLlm(name: string, get: () => Promise<LlmProvider>): LlmProvider {
  return {
    name,
    complete: async (request) => (await get()).complete(request),
    async *stream(request) {
      yield* (await get()).stream(request);
    },
  };
}
