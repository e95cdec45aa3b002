/**
 * The offline provider: the default when no model is configured, for development and tests. Its
 * answer is deterministic (a function of the prompt only), clearly labelled "[offline model]" and
 * flagged `offline: true`, so nobody mistakes it for a real model's output. It streams word by word,
 * honours maxTokens, stop sequences and the abort signal, and counts usage with `estimateTokens`
 * consistently: output tokens are exactly the sum over the words it emitted.
 */
import { createHash } from 'node:crypto';
import {
  checkLlmRequest,
  type LlmProvider,
  type LlmRequest,
  type LlmResult,
  type LlmStopReason,
  type LlmStreamEvent,
  throwIfLlmAborted,
} from '@diatonic/core';
import { estimatePromptTokens, estimateTokens } from './estimate-tokens.ts';

export interface OfflineLlmOptions {
  /** Reported as `provider`; defaults to 'offline'. */
  name?: string;
}

const summaryWords = 24;

function answerFor(request: LlmRequest): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([request.model, request.system ?? '', request.messages]))
    .digest('hex');
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const words = lastUser.match(/\S+/g) ?? [];
  const summary = words.slice(0, summaryWords).join(' ') + (words.length > summaryWords ? ' …' : '');
  return (
    `[offline model] You asked: "${summary}". ` +
    `This is a deterministic offline answer (ref ${digest.slice(0, 8)}, ${words.length} words received); ` +
    'configure Bedrock or an OpenAI-compatible server for real model output.'
  );
}

interface Plan {
  chunks: string[];
  stopReason: LlmStopReason;
}

/** Cuts the answer at the first stop sequence, then at maxTokens, on word boundaries. */
function plan(request: LlmRequest): Plan {
  let text = answerFor(request);
  let stopReason: LlmStopReason = 'end';
  const stopAt = Math.min(...(request.stop ?? []).map((s) => text.indexOf(s)).filter((i) => i >= 0));
  if (Number.isFinite(stopAt)) {
    text = text.slice(0, stopAt);
    stopReason = 'stop_sequence';
  }
  const chunks: string[] = [];
  let used = 0;
  for (const chunk of text.match(/\s*\S+/g) ?? []) {
    const cost = estimateTokens(chunk);
    if (used + cost > request.maxTokens) {
      stopReason = 'max_tokens';
      break;
    }
    used += cost;
    chunks.push(chunk);
  }
  return { chunks, stopReason };
}

export function createOfflineLlm(options: OfflineLlmOptions = {}): LlmProvider {
  const name = options.name ?? 'offline';

  function resultOf(request: LlmRequest, { chunks, stopReason }: Plan): LlmResult {
    const text = chunks.join('');
    return {
      text,
      usage: { inputTokens: estimatePromptTokens(request), outputTokens: estimateTokens(text) },
      stopReason,
      provider: name,
      model: request.model,
      offline: true,
    };
  }

  async function* stream(request: LlmRequest): AsyncGenerator<LlmStreamEvent> {
    checkLlmRequest(request);
    throwIfLlmAborted(request.signal);
    const planned = plan(request);
    for (const chunk of planned.chunks) {
      // Yield to the event loop between words, so an abort raised elsewhere (a client hanging up) lands.
      await new Promise<void>((resolve) => setImmediate(resolve));
      throwIfLlmAborted(request.signal);
      yield { type: 'delta', text: chunk };
    }
    throwIfLlmAborted(request.signal);
    yield { type: 'done', result: resultOf(request, planned) };
  }

  return {
    name,
    async complete(request) {
      checkLlmRequest(request);
      throwIfLlmAborted(request.signal);
      return resultOf(request, plan(request));
    },
    stream,
  };
}
