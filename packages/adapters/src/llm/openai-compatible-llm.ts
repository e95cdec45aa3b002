/**
 * LlmProvider over the OpenAI chat completions wire format (`POST /v1/chat/completions`), as served by
 * OpenAI itself, Ollama, vLLM and llama.cpp. `complete` sends a JSON request; `stream` asks for SSE with
 * `stream_options.include_usage`, so the last event carries exact usage. Servers that send no usage
 * get an estimate, flagged `usage.estimated`.
 *
 * Retries: 429, 5xx and network failures are retried with back-off, but only before the response
 * starts; once a stream has begun, a failure is reported (never replayed), because the caller may
 * already have shown part of the answer. A body that ends before the server said it was finished is
 * `upstream_failed`, never a short success.
 */
import {
  AppError,
  checkLlmRequest,
  isAppError,
  type LlmProvider,
  type LlmRequest,
  type LlmResult,
  type LlmStopReason,
  type LlmStreamEvent,
  type LlmUsage,
  llmAbortedError,
  llmRateLimitedError,
  llmUpstreamError,
  throwIfLlmAborted,
} from '@diatonic/core';
import { abortableDelay, backoffMs } from './abortable-delay.ts';
import { estimatePromptTokens, estimateTokens } from './estimate-tokens.ts';
import { sseData } from './sse-lines.ts';

export interface OpenAiCompatibleLlmOptions {
  /** e.g. `http://localhost:11434` (Ollama) or `https://api.openai.com/v1`; `/v1` is added when missing. */
  baseUrl: string;
  apiKey?: string;
  /** Reported as `provider`; defaults to 'openai-compatible'. */
  name?: string;
  /** Retries after the first attempt for 429, 5xx and network failures (default 2). */
  maxRetries?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails with rate_limited at once. */
  maxRetryAfterMs?: number;
  /** Until the first token of a stream, or the whole answer of `complete` (default 120 s). */
  timeoutMs?: number;
  random?: () => number;
}

const providerDefaultName = 'openai-compatible';

interface WireUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
}

interface WireChoice {
  message?: { content?: unknown };
  delta?: { content?: unknown };
  finish_reason?: unknown;
  /** vLLM: the stop string that ended the answer. */
  stop_reason?: unknown;
}

interface WireBody {
  model?: unknown;
  choices?: WireChoice[];
  usage?: WireUsage | null;
  error?: { message?: unknown } | string;
}

function chatCompletionsUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return `${/\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`}/chat/completions`;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function usageFrom(wire: WireUsage | null | undefined, request: LlmRequest, text: string): LlmUsage {
  if (wire && isCount(wire.prompt_tokens) && isCount(wire.completion_tokens)) {
    return { inputTokens: wire.prompt_tokens, outputTokens: wire.completion_tokens };
  }
  return { inputTokens: estimatePromptTokens(request), outputTokens: estimateTokens(text), estimated: true };
}

function stopReasonFrom(choice: WireChoice | undefined, request: LlmRequest): LlmStopReason {
  if (choice?.finish_reason === 'length') return 'max_tokens';
  if (typeof choice?.stop_reason === 'string' && request.stop?.includes(choice.stop_reason)) return 'stop_sequence';
  return 'end';
}

function wireMessage(body: WireBody): string {
  const error = body.error;
  const message = typeof error === 'string' ? error : error?.message;
  return typeof message === 'string' ? message.slice(0, 300) : 'no message';
}

/** Retry-After (seconds or HTTP date) or OpenAI's `retry-after-ms`, in milliseconds. */
function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function createOpenAiCompatibleLlm(options: OpenAiCompatibleLlmOptions): LlmProvider {
  const name = options.name ?? providerDefaultName;
  const url = chatCompletionsUrl(options.baseUrl);
  const maxRetries = options.maxRetries ?? 2;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryCapMs = options.retryCapMs ?? 8_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 20_000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const random = options.random ?? Math.random;

  function bodyFor(request: LlmRequest, stream: boolean): string {
    const messages = [
      ...(request.system ? [{ role: 'system', content: request.system }] : []),
      ...request.messages.map((m) => ({ role: m.role, content: m.content })),
    ];
    return JSON.stringify({
      model: request.model,
      messages,
      max_tokens: request.maxTokens,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.stop === undefined ? {} : { stop: request.stop }),
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    });
  }

  /** Maps anything thrown while talking to the server; the caller's abort wins over everything. */
  function mapFailure(error: unknown, request: LlmRequest, timeout: AbortSignal): AppError {
    if (request.signal?.aborted) return llmAbortedError(request.signal.reason);
    if (isAppError(error)) return error;
    if (timeout.aborted) {
      return llmUpstreamError(name, `No answer from the model server within ${timeoutMs} ms`, {
        retryable: true,
        cause: error,
      });
    }
    return llmUpstreamError(name, 'The model server could not be reached or broke the connection', {
      retryable: true,
      cause: error,
    });
  }

  /** Sends the request, retrying what is safe to retry, and returns a 2xx response. */
  async function send(request: LlmRequest, stream: boolean, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
    };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    const body = bodyFor(request, stream);
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= maxRetries;
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body, signal });
      } catch (error) {
        if (last || signal.aborted) throw error;
        await abortableDelay(backoffMs(attempt, retryBaseMs, retryCapMs, random), request.signal);
        continue;
      }
      if (response.ok) return response;
      const text = await response.text().catch(() => '');
      let parsed: WireBody = {};
      try {
        parsed = JSON.parse(text) as WireBody;
      } catch {
        parsed = { error: text };
      }
      const status = response.status;
      if (status === 429) {
        const after = retryAfterMs(response.headers, Date.now());
        if (last || (after !== undefined && after > maxRetryAfterMs)) {
          throw llmRateLimitedError(name, after ?? backoffMs(attempt + 1, retryBaseMs, retryCapMs, random));
        }
        await abortableDelay(after ?? backoffMs(attempt, retryBaseMs, retryCapMs, random), request.signal);
        continue;
      }
      if (status >= 500 || status === 408) {
        if (last) {
          throw llmUpstreamError(name, `The model server failed (${status}): ${wireMessage(parsed)}`, {
            retryable: true,
            status,
          });
        }
        await abortableDelay(backoffMs(attempt, retryBaseMs, retryCapMs, random), request.signal);
        continue;
      }
      if (status === 400 || status === 404 || status === 413 || status === 422) {
        throw new AppError('invalid_input', `The model server rejected the request: ${wireMessage(parsed)}`, {
          details: { provider: name, status },
        });
      }
      // 401/403 and the rest: our configuration is wrong, retrying will not help.
      throw llmUpstreamError(name, `The model server refused the call (${status}): ${wireMessage(parsed)}`, {
        retryable: false,
        status,
      });
    }
  }

  async function complete(request: LlmRequest): Promise<LlmResult> {
    checkLlmRequest(request);
    throwIfLlmAborted(request.signal);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const response = await send(request, false, signal);
      const body = (await response.json()) as WireBody;
      const choice = body.choices?.[0];
      const content = choice?.message?.content;
      if (typeof content !== 'string') {
        throw llmUpstreamError(name, 'The model server sent an answer without text', { retryable: false });
      }
      return {
        text: content,
        usage: usageFrom(body.usage, request, content),
        stopReason: stopReasonFrom(choice, request),
        provider: name,
        model: typeof body.model === 'string' && body.model !== '' ? body.model : request.model,
        offline: false,
      };
    } catch (error) {
      throw mapFailure(error, request, timeout);
    }
  }

  async function* stream(request: LlmRequest): AsyncGenerator<LlmStreamEvent> {
    checkLlmRequest(request);
    throwIfLlmAborted(request.signal);
    // The timeout guards the wait for the first token only; a long answer may then take its time.
    const firstToken = new AbortController();
    const timer = setTimeout(() => firstToken.abort(new Error('first token timeout')), timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, firstToken.signal]) : firstToken.signal;
    let text = '';
    let model = request.model;
    let finish: WireChoice | undefined;
    let wireUsage: WireUsage | undefined;
    let finished = false;
    try {
      const response = await send(request, true, signal);
      if (!response.body) throw llmUpstreamError(name, 'The model server sent no body', { retryable: true });
      for await (const data of sseData(response.body)) {
        if (data.trim() === '[DONE]') {
          finished = true;
          break;
        }
        let chunk: WireBody;
        try {
          chunk = JSON.parse(data) as WireBody;
        } catch (error) {
          throw llmUpstreamError(name, 'The model server sent an unreadable event', { retryable: false, cause: error });
        }
        if (chunk.error) {
          throw llmUpstreamError(name, `The model server failed mid-stream: ${wireMessage(chunk)}`, {
            retryable: true,
          });
        }
        if (typeof chunk.model === 'string' && chunk.model !== '') model = chunk.model;
        if (chunk.usage) wireUsage = chunk.usage;
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (typeof delta === 'string' && delta !== '') {
          clearTimeout(timer);
          text += delta;
          yield { type: 'delta', text: delta };
        }
        if (choice && typeof choice.finish_reason === 'string') finish = choice;
      }
    } catch (error) {
      throw mapFailure(error, request, firstToken.signal);
    } finally {
      clearTimeout(timer);
    }
    throwIfLlmAborted(request.signal);
    // Without [DONE] a body that ended after finish_reason is complete (older llama.cpp); before it, it was cut.
    if (!finished && !finish) {
      throw llmUpstreamError(name, 'The model stream ended before the answer was complete', { retryable: true });
    }
    yield {
      type: 'done',
      result: {
        text,
        usage: usageFrom(wireUsage, request, text),
        stopReason: stopReasonFrom(finish, request),
        provider: name,
        model,
        offline: false,
      },
    };
  }

  return { name, complete, stream };
}
