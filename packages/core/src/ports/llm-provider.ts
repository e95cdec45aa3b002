/**
 * LlmProvider: one request/response shape over every model vendor (DESIGN §4, §8). Adapters only
 * translate wire formats; budgets, limits, caching and the ledger live in the gateway (`core/ai`),
 * which is why usage must be exact integers the gateway can settle against its reservation.
 *
 * Errors are AppErrors with these codes, so the gateway can decide about retries and refunds without
 * knowing the vendor:
 * - `upstream_failed`: 5xx, network failure, a stream cut before its end, an unreadable answer.
 *   `details.retryable` says whether calling again may help. A cut stream never yields a `done` event,
 *   so a partial answer can never be mistaken for a finished one.
 * - `rate_limited`: the provider throttled us (429, ThrottlingException); `details.retryAfterMs`.
 * - `invalid_input`: the provider rejected the request itself (400), or `checkLlmRequest` did.
 * - `unavailable` with `details.reason: 'aborted'`: the caller's signal fired (see `llmAbortedError`).
 *
 * Every adapter must pass `llm-provider.contract.ts`.
 */
import { AppError, isAppError } from '../shared/errors.ts';

export type LlmRole = 'user' | 'assistant';

export interface LlmMessage {
  role: LlmRole;
  content: string;
}

export interface LlmRequest {
  /** The provider's own model id, e.g. `anthropic.claude-3-haiku-20240307-v1:0` or `llama3.1:8b`. */
  model: string;
  /** Oldest first; must not be empty, and the first message must be the user's. */
  messages: LlmMessage[];
  system?: string;
  /** Upper bound on output tokens (1 to `maxLlmOutputTokens`). */
  maxTokens: number;
  /** 0 to 2. */
  temperature?: number;
  /** Up to `maxStopSequences` non-empty strings. */
  stop?: string[];
  signal?: AbortSignal;
}

export interface LlmUsage {
  /** Integers ≥ 0. */
  inputTokens: number;
  outputTokens: number;
  /**
   * True when the provider reported no usage and the adapter had to estimate it (some
   * OpenAI-compatible servers omit it). The gateway should treat such numbers as approximate.
   */
  estimated?: boolean;
}

export type LlmStopReason = 'end' | 'max_tokens' | 'stop_sequence';

export interface LlmResult {
  text: string;
  usage: LlmUsage;
  stopReason: LlmStopReason;
  /** Which adapter answered: 'offline', 'openai-compatible', 'bedrock'. */
  provider: string;
  /** The model id that answered (as the provider reports it, else the requested one). */
  model: string;
  /** True only for the deterministic offline provider: its text is not a real model's answer. */
  offline: boolean;
}

/** A stream is zero or more `delta`s, then exactly one `done` whose text equals the deltas joined. */
export type LlmStreamEvent = { type: 'delta'; text: string } | { type: 'done'; result: LlmResult };

export interface LlmProvider {
  /** Same value as `LlmResult.provider`. */
  readonly name: string;
  complete(request: LlmRequest): Promise<LlmResult>;
  stream(request: LlmRequest): AsyncIterable<LlmStreamEvent>;
}

export const maxLlmOutputTokens = 200_000;
export const maxStopSequences = 4;

/** The shared input rules every adapter applies before touching the network. */
export function checkLlmRequest(request: LlmRequest): void {
  if (typeof request.model !== 'string' || request.model.trim() === '') {
    throw AppError.invalidInput('model is required', { field: 'model' });
  }
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw AppError.invalidInput('messages must not be empty', { field: 'messages' });
  }
  request.messages.forEach((message, index) => {
    if (message.role !== 'user' && message.role !== 'assistant') {
      throw AppError.invalidInput(`messages[${index}].role must be user or assistant`, { field: 'messages' });
    }
    if (typeof message.content !== 'string' || message.content === '') {
      throw AppError.invalidInput(`messages[${index}].content must be a non-empty string`, { field: 'messages' });
    }
  });
  if (request.messages[0]?.role !== 'user') {
    throw AppError.invalidInput('the first message must be from the user', { field: 'messages' });
  }
  if (!Number.isInteger(request.maxTokens) || request.maxTokens < 1 || request.maxTokens > maxLlmOutputTokens) {
    throw AppError.invalidInput(`maxTokens must be an integer from 1 to ${maxLlmOutputTokens}`, {
      field: 'maxTokens',
    });
  }
  if (
    request.temperature !== undefined &&
    (typeof request.temperature !== 'number' || !(request.temperature >= 0 && request.temperature <= 2))
  ) {
    throw AppError.invalidInput('temperature must be between 0 and 2', { field: 'temperature' });
  }
  if (request.stop !== undefined) {
    if (
      !Array.isArray(request.stop) ||
      request.stop.length > maxStopSequences ||
      request.stop.some((s) => typeof s !== 'string' || s === '')
    ) {
      throw AppError.invalidInput(`stop must be at most ${maxStopSequences} non-empty strings`, { field: 'stop' });
    }
  }
}

/** The error every adapter throws when the caller's signal fires. */
export function llmAbortedError(cause?: unknown): AppError {
  return new AppError('unavailable', 'The model call was cancelled', { details: { reason: 'aborted' }, cause });
}

export function isLlmAbortedError(error: unknown): boolean {
  return isAppError(error) && error.code === 'unavailable' && error.details?.reason === 'aborted';
}

export function llmUpstreamError(
  provider: string,
  message: string,
  options: { retryable: boolean; status?: number; cause?: unknown },
): AppError {
  const details: Record<string, unknown> = { provider, retryable: options.retryable };
  if (options.status !== undefined) details.status = options.status;
  return new AppError('upstream_failed', message, { details, cause: options.cause });
}

export function llmRateLimitedError(provider: string, retryAfterMs: number): AppError {
  return new AppError('rate_limited', `${provider} is throttling requests`, {
    details: { retryAfterMs, provider },
  });
}

/** Throws `llmAbortedError` when the signal has already fired. */
export function throwIfLlmAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw llmAbortedError(signal.reason);
}

/** Runs a stream to its end and returns the `done` result; for adapters whose `complete` is a drained stream. */
export async function collectLlmStream(events: AsyncIterable<LlmStreamEvent>): Promise<LlmResult> {
  for await (const event of events) {
    if (event.type === 'done') return event.result;
  }
  throw new AppError('internal', 'The model stream ended without a result');
}
