/**
 * Token counting with a real BPE tokenizer (js-tiktoken, cl100k_base, ranks bundled in the package: no
 * download at run time). Claude and Llama use their own vocabularies, so for them this is an estimate;
 * settlement always uses the provider's reported usage. The encoder is built on first use because
 * parsing the ranks takes a noticeable moment and most processes import this module without counting.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import type { LlmMessage } from '../ports/llm-provider.ts';

let encoder: Tiktoken | undefined;

function getEncoder(): Tiktoken {
  encoder ??= new Tiktoken(cl100kBase);
  return encoder;
}

/** Builds the encoder now (about 1–2 s of parsing); the API calls it at start-up so no request pays it. */
export function warmTokenizer(): void {
  getEncoder();
}

/** Tokens of plain text. Special-token strings such as `<|endoftext|>` are counted as ordinary text. */
export function countTokens(text: string): number {
  if (text === '') return 0;
  return getEncoder().encode(text, [], []).length;
}

/** Chat framing overhead per message and per reply, as in OpenAI's published counting recipe. */
const tokensPerMessage = 4;
const tokensPerReply = 3;

export function countPromptTokens(prompt: { system?: string | undefined; messages: readonly LlmMessage[] }): number {
  let total = tokensPerReply;
  if (prompt.system) total += tokensPerMessage + countTokens(prompt.system);
  for (const message of prompt.messages) total += tokensPerMessage + countTokens(message.content);
  return total;
}
