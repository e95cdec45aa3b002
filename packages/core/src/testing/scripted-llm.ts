/**
 * scriptedLlm: an LlmProvider that answers from a script, for domain unit tests of the gateway
 * (budgets, limits, cache, ledger) that need exact control over usage, latency and failures.
 * It passes `llm-provider.contract.ts` like the real adapters.
 */

import {
  checkLlmRequest,
  collectLlmStream,
  type LlmProvider,
  type LlmRequest,
  type LlmResult,
  type LlmStopReason,
  type LlmStreamEvent,
  llmAbortedError,
  llmUpstreamError,
  throwIfLlmAborted,
} from '../ports/llm-provider.ts';
import type { AppError } from '../shared/errors.ts';

export interface ScriptedLlmResponse {
  text: string;
  /** Defaults: input = words of system + messages, output = words of `text`. */
  usage?: { inputTokens: number; outputTokens: number };
  stopReason?: LlmStopReason;
  /** Milliseconds before the first delta (or before `complete` answers). */
  firstTokenDelayMs?: number;
  /** Milliseconds between deltas. */
  chunkDelayMs?: number;
  /** Thrown instead of answering, before anything is streamed. */
  error?: AppError;
  /** Cut the stream after this many deltas: an `upstream_failed` error and no `done` event. */
  cutAfterChunks?: number;
}

export type ScriptedLlmScript =
  | ScriptedLlmResponse
  | ScriptedLlmResponse[]
  | ((request: LlmRequest, callIndex: number) => ScriptedLlmResponse);

export interface ScriptedLlm extends LlmProvider {
  /** Every request received, in order (including ones that failed). */
  readonly calls: LlmRequest[];
}

export interface ScriptedLlmOptions {
  name?: string;
  offline?: boolean;
}

/** Whitespace words: a crude but deterministic token count for canned responses. */
function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

function chunksOf(text: string): string[] {
  return text.match(/\s*\S+/g) ?? (text === '' ? [] : [text]);
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(llmAbortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function scriptedLlm(script: ScriptedLlmScript, options: ScriptedLlmOptions = {}): ScriptedLlm {
  const name = options.name ?? 'scripted';
  const calls: LlmRequest[] = [];
  let next = 0;

  function pick(request: LlmRequest): ScriptedLlmResponse {
    const index = next++;
    if (typeof script === 'function') return script(request, index);
    if (!Array.isArray(script)) return script;
    const response = script[index];
    if (!response) throw new Error(`scriptedLlm has no response left for call ${index + 1}`);
    return response;
  }

  async function* stream(request: LlmRequest): AsyncGenerator<LlmStreamEvent> {
    calls.push(request);
    checkLlmRequest(request);
    const { signal } = request;
    throwIfLlmAborted(signal);
    const response = pick(request);
    await wait(response.firstTokenDelayMs ?? 0, signal);
    if (response.error) throw response.error;
    const chunks = chunksOf(response.text);
    for (const [index, chunk] of chunks.entries()) {
      if (index > 0) await wait(response.chunkDelayMs ?? 0, signal);
      throwIfLlmAborted(signal);
      if (response.cutAfterChunks !== undefined && index >= response.cutAfterChunks) {
        throw llmUpstreamError(name, 'The scripted stream was cut', { retryable: true });
      }
      yield { type: 'delta', text: chunk };
    }
    throwIfLlmAborted(signal);
    const promptWords = countWords([request.system ?? '', ...request.messages.map((m) => m.content)].join(' '));
    const result: LlmResult = {
      text: response.text,
      usage: response.usage ?? { inputTokens: promptWords, outputTokens: countWords(response.text) },
      stopReason: response.stopReason ?? 'end',
      provider: name,
      model: request.model,
      offline: options.offline ?? false,
    };
    yield { type: 'done', result };
  }

  return {
    name,
    calls,
    complete: (request) => collectLlmStream(stream(request)),
    stream,
  };
}
