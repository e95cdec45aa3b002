/**
 * The behaviour every LlmProvider adapter must show. Not a test file by itself: an adapter's test
 * calls `describeLlmProviderContract(name, makeProvider)`.
 *
 * Adapters that talk to a test server must make that server answer `llmContractLongPrompt` with a
 * stream that does not end by itself (or ends only after many slow chunks): the abort case then
 * hangs, and so fails by timeout, unless the adapter really stops when the signal fires.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../shared/errors.ts';
import { isLlmAbortedError, type LlmProvider, type LlmRequest, type LlmStreamEvent } from './llm-provider.ts';

export const llmContractLongPrompt = 'CONTRACT: stream a long answer slowly';

export interface LlmProviderUnderTest {
  provider: LlmProvider;
  /** A model id the provider (or its test server) accepts. */
  model: string;
  close?: () => void | Promise<void>;
}

export type MakeLlmProvider = () => LlmProviderUnderTest | Promise<LlmProviderUnderTest>;

/** Every event of a stream, in order (adapters' own tests use it too). */
export async function drainLlmStream(events: AsyncIterable<LlmStreamEvent>): Promise<LlmStreamEvent[]> {
  const seen: LlmStreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

/** What a promise rejected with, or an Error saying it did not reject. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure, got a result'),
    (error: unknown) => error,
  );
}

/** The request every provider test starts from: a short question with a system prompt. */
export function llmTestRequest(model: string, overrides: Partial<LlmRequest> = {}): LlmRequest {
  return {
    model,
    system: 'Be brief.',
    messages: [{ role: 'user', content: 'Name three primary colours.' }],
    maxTokens: 50,
    ...overrides,
  };
}

export function describeLlmProviderContract(name: string, makeProvider: MakeLlmProvider): void {
  describe(`LlmProvider contract: ${name}`, () => {
    let under: LlmProviderUnderTest;
    const request = (overrides: Partial<LlmRequest> = {}): LlmRequest => ({
      model: under.model,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Name three primary colours.' }],
      maxTokens: 64,
      temperature: 0,
      ...overrides,
    });

    beforeAll(async () => {
      under = await makeProvider();
    });
    afterAll(async () => {
      await under?.close?.();
    });

    it('complete and stream give the same text, usage and stop reason', async () => {
      const completed = await under.provider.complete(request());
      const events = await drainLlmStream(under.provider.stream(request()));
      const done = events.at(-1);
      expect(done?.type).toBe('done');
      if (done?.type !== 'done') return;
      expect(done.result.text).toBe(completed.text);
      expect(done.result.usage).toEqual(completed.usage);
      expect(done.result.stopReason).toBe(completed.stopReason);
      expect(done.result.offline).toBe(completed.offline);
      expect(completed.text.length).toBeGreaterThan(0);
    });

    it('streams deltas that join to the final text, then exactly one done event', async () => {
      const events = await drainLlmStream(under.provider.stream(request()));
      expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
      expect(events.at(-1)?.type).toBe('done');
      const deltas = events.flatMap((e) => (e.type === 'delta' ? [e.text] : []));
      expect(deltas.length).toBeGreaterThan(0);
      const done = events.at(-1);
      if (done?.type === 'done') expect(deltas.join('')).toBe(done.result.text);
    });

    it('reports usage as integers ≥ 0, its own name and a model', async () => {
      const result = await under.provider.complete(request());
      for (const n of [result.usage.inputTokens, result.usage.outputTokens]) {
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(0);
      }
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.provider).toBe(under.provider.name);
      expect(result.model.length).toBeGreaterThan(0);
      expect(['end', 'max_tokens', 'stop_sequence']).toContain(result.stopReason);
    });

    it('rejects a malformed request with invalid_input', async () => {
      const empty = await failureOf(under.provider.complete(request({ messages: [] })));
      expect(isAppError(empty) ? empty.code : empty).toBe('invalid_input');
      const zero = await failureOf(drainLlmStream(under.provider.stream(request({ maxTokens: 0 }))));
      expect(isAppError(zero) ? zero.code : zero).toBe('invalid_input');
    });

    it('fails with the aborted error when the signal has already fired', async () => {
      const controller = new AbortController();
      controller.abort();
      const completed = await failureOf(under.provider.complete(request({ signal: controller.signal })));
      expect(isLlmAbortedError(completed)).toBe(true);
      const streamed = await failureOf(drainLlmStream(under.provider.stream(request({ signal: controller.signal }))));
      expect(isLlmAbortedError(streamed)).toBe(true);
    });

    it('stops a stream promptly when aborted mid-way, without a done event', async () => {
      const controller = new AbortController();
      const long = request({
        messages: [{ role: 'user', content: llmContractLongPrompt }],
        maxTokens: 100_000,
        signal: controller.signal,
      });
      const seen: LlmStreamEvent[] = [];
      const error = await failureOf(
        (async () => {
          for await (const event of under.provider.stream(long)) {
            seen.push(event);
            if (seen.length === 2) controller.abort();
          }
        })(),
      );
      expect(isLlmAbortedError(error)).toBe(true);
      expect(seen.some((e) => e.type === 'done')).toBe(false);
      expect(seen.length).toBeLessThanOrEqual(3);
    });
  });
}
