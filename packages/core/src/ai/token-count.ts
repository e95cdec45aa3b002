/**
 * Token counting with a real BPE tokenizer (js-tiktoken, cl100k_base, ranks bundled in the package: no
 * download at run time). Claude and Llama use their own vocabularies, so for them this is an estimate;
 * settlement always uses the provider's reported usage.
 *
 * The ranks (a 1 MB module) are imported by `loadTokenizer`, not at module load: most processes import
 * this module without counting, and a Lambda bundle keeps them in a chunk its cold start never reads.
 * Counting is synchronous, so callers await `loadTokenizer()` first (prepareCall does, before every
 * gateway call; the Node server at start-up, so no request waits for the parsing).
 */
import { Tiktoken } from 'js-tiktoken/lite';
import type { LlmMessage } from '../ports/llm-provider.ts';

let encoder: Tiktoken | undefined;
let loading: Promise<void> | undefined;

/** Imports the ranks and builds the encoder (about 1–2 s); idempotent, and a failed import is retried. */
export function loadTokenizer(): Promise<void> {
  loading ??= import('js-tiktoken/ranks/cl100k_base').then(
    (ranks) => {
      encoder ??= new Tiktoken(ranks.default);
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The Node server's start-up warm-up: the same as loadTokenizer. */
export const warmTokenizer = loadTokenizer;

function getEncoder(): Tiktoken {
  if (!encoder) throw new Error('The tokenizer is not loaded: await loadTokenizer() before counting');
  return encoder;
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
