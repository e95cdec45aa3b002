/**
 * A deterministic token estimate for when no tokenizer's count is available: the offline provider
 * (which has no real model) and OpenAI-compatible servers that send no usage. Roughly one token per
 * four characters of a word, at least one per word or punctuation run, which is close to BPE
 * tokenizers on English text and, more importantly, always the same for the same text.
 */
import type { LlmRequest } from '@diatonic/core';

export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const piece of text.match(/\S+/g) ?? []) tokens += Math.max(1, Math.ceil(piece.length / 4));
  return tokens;
}

/** Prompt tokens: every message's text plus a few tokens of framing per message, as chat templates add. */
export function estimatePromptTokens(request: Pick<LlmRequest, 'system' | 'messages'>): number {
  const perMessageFraming = 4;
  let tokens = request.system ? estimateTokens(request.system) + perMessageFraming : 0;
  for (const message of request.messages) tokens += estimateTokens(message.content) + perMessageFraming;
  return tokens;
}
