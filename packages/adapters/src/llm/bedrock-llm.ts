/**
 * LlmProvider over Amazon Bedrock's Converse and ConverseStream APIs, with the real AWS SDK client
 * (its HTTP/2 handler and event stream decoder), so what the tests exercise is what runs in production.
 *
 * Retries are the SDK's: its standard strategy retries throttling and 5xx with back-off, bounded by
 * `maxAttempts`, and only for the initial response; an error inside a started stream is reported,
 * never replayed. A stream must end with `messageStop` and `metadata` (which carries the exact usage):
 * anything shorter is a cut stream and fails with `upstream_failed`.
 */
import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  type StopReason as BedrockStopReason,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  type TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
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

export interface BedrockLlmOptions {
  region: string;
  /** Static keys or a provider; omitted means the SDK's default chain (environment, role, SSO). */
  credentials?: BedrockRuntimeClientConfig['credentials'];
  /** A non-AWS endpoint, e.g. a VPC endpoint or a local test server. */
  endpoint?: string;
  /** Total attempts including the first, for throttling and 5xx (default 3). */
  maxAttempts?: number;
  /** Reported as `provider`; defaults to 'bedrock'. */
  name?: string;
  /** Fail when the connection is silent this long, before or during a stream (default 120 s). */
  timeoutMs?: number;
}

/** Waited before a retry when Bedrock throttles; it sends no Retry-After. */
const throttledRetryAfterMs = 1_000;

const invalidInputErrors = new Set(['ValidationException', 'ResourceNotFoundException']);
const configurationErrors = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'ServiceQuotaExceededException',
]);

function stopReasonOf(reason: BedrockStopReason | string | undefined): LlmStopReason {
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'max_tokens';
  if (reason === 'stop_sequence') return 'stop_sequence';
  // end_turn, and the filtered/guardrail endings, which still return whatever text was produced.
  return 'end';
}

function usageOf(usage: TokenUsage | undefined): LlmUsage | undefined {
  const input = usage?.inputTokens;
  const output = usage?.outputTokens;
  if (!Number.isInteger(input) || !Number.isInteger(output) || (input ?? -1) < 0 || (output ?? -1) < 0) {
    return undefined;
  }
  return { inputTokens: input as number, outputTokens: output as number };
}

function inputOf(request: LlmRequest): ConverseCommandInput {
  return {
    modelId: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: [{ text: m.content }] })),
    ...(request.system ? { system: [{ text: request.system }] } : {}),
    inferenceConfig: {
      maxTokens: request.maxTokens,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.stop === undefined ? {} : { stopSequences: request.stop }),
    },
  };
}

export function createBedrockLlm(options: BedrockLlmOptions): LlmProvider {
  const name = options.name ?? 'bedrock';
  const client = new BedrockRuntimeClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: 'standard',
    // An idle timeout on the HTTP/2 stream: a silent server fails the call instead of hanging it forever.
    requestHandler: { requestTimeout: options.timeoutMs ?? 120_000 },
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });

  /** SDK and network errors to our codes; the caller's abort wins over whatever the abort caused. */
  function mapFailure(error: unknown, request: LlmRequest): AppError {
    if (request.signal?.aborted) return llmAbortedError(request.signal.reason);
    if (isAppError(error)) return error;
    const failure = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
    const errorName = typeof failure?.name === 'string' ? failure.name : 'Error';
    const status = failure?.$metadata?.httpStatusCode;
    const message = typeof failure?.message === 'string' ? failure.message.slice(0, 300) : 'no message';
    if (errorName === 'ThrottlingException' || status === 429) return llmRateLimitedError(name, throttledRetryAfterMs);
    if (invalidInputErrors.has(errorName) || status === 400 || status === 404) {
      return new AppError('invalid_input', `Bedrock rejected the request: ${message}`, {
        details: { provider: name, error: errorName, ...(status === undefined ? {} : { status }) },
      });
    }
    if (configurationErrors.has(errorName) || status === 401 || status === 403) {
      return llmUpstreamError(name, `Bedrock refused the call (${errorName}): ${message}`, {
        retryable: false,
        ...(status === undefined ? {} : { status }),
        cause: error,
      });
    }
    return llmUpstreamError(name, `Bedrock failed (${errorName}): ${message}`, {
      retryable: true,
      ...(status === undefined ? {} : { status }),
      cause: error,
    });
  }

  async function complete(request: LlmRequest): Promise<LlmResult> {
    checkLlmRequest(request);
    throwIfLlmAborted(request.signal);
    try {
      const output = await client.send(new ConverseCommand(inputOf(request)), { abortSignal: request.signal });
      const blocks = output.output?.message?.content ?? [];
      const text = blocks.map((block) => block.text ?? '').join('');
      const usage = usageOf(output.usage);
      if (!usage) throw llmUpstreamError(name, 'Bedrock sent an answer without usage', { retryable: false });
      return {
        text,
        usage,
        stopReason: stopReasonOf(output.stopReason),
        provider: name,
        model: request.model,
        offline: false,
      };
    } catch (error) {
      throw mapFailure(error, request);
    }
  }

  async function* stream(request: LlmRequest): AsyncGenerator<LlmStreamEvent> {
    checkLlmRequest(request);
    throwIfLlmAborted(request.signal);
    let text = '';
    let stopReason: LlmStopReason | undefined;
    let usage: LlmUsage | undefined;
    try {
      const output = await client.send(new ConverseStreamCommand(inputOf(request)), {
        abortSignal: request.signal,
      });
      if (!output.stream) throw llmUpstreamError(name, 'Bedrock sent no stream', { retryable: true });
      for await (const event of output.stream) {
        throwIfLlmAborted(request.signal);
        const failure =
          event.internalServerException ??
          event.modelStreamErrorException ??
          event.serviceUnavailableException ??
          event.throttlingException ??
          event.validationException;
        if (failure) throw failure;
        const delta = event.contentBlockDelta?.delta?.text;
        if (delta) {
          text += delta;
          yield { type: 'delta', text: delta };
        }
        if (event.messageStop) stopReason = stopReasonOf(event.messageStop.stopReason);
        if (event.metadata) usage = usageOf(event.metadata.usage);
      }
    } catch (error) {
      throw mapFailure(error, request);
    }
    throwIfLlmAborted(request.signal);
    if (stopReason === undefined || usage === undefined) {
      throw llmUpstreamError(name, 'The Bedrock stream ended before the answer was complete', { retryable: true });
    }
    yield {
      type: 'done',
      result: { text, usage, stopReason, provider: name, model: request.model, offline: false },
    };
  }

  return { name, complete, stream };
}
