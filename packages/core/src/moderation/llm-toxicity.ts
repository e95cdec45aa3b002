/**
 * A toxicity classifier that asks a model through the AI gateway (`AiGateway.complete`), so the call is
 * limited, budgeted and recorded like any other. Like Discourse's and Forem's LLM triage it only looks
 * at low-trust authors (below `belowTrustLevel`, default 2); everyone else, and any call that fails
 * (budget, provider down, an answer that is not the JSON we asked for), gets the fallback classifier
 * (the lexicon by default), so posting never depends on a model being up.
 */
import type { CompleteInput } from '../ai/prepare-call.ts';
import type { Actor } from '../shared/actor.ts';
import { createLexiconClassifier, type ToxicityClassifier, type ToxicityInput } from './toxicity.ts';

/** The gateway's `complete`, or anything with its shape. */
export type CompleteFunction = (actor: Actor, input: CompleteInput) => Promise<{ text: string }>;

export interface LlmToxicityOptions {
  complete: CompleteFunction;
  /** A catalog model id, e.g. `claude-haiku`. */
  model: string;
  /** Whose budget pays for the call: usually the author acting in their organisation. */
  actorFor(input: ToxicityInput): Promise<Actor>;
  belowTrustLevel?: number;
  fallback?: ToxicityClassifier;
  /** Told about failed calls (the fallback answered instead). */
  onError?: (error: unknown) => void;
}

const system = [
  'You are a content moderation classifier for an online learning community.',
  'Rate how toxic the user text is: insults or harassment aimed at people, threats, hate, encouraging self-harm.',
  'Criticism of ideas, code or courses, and mild frustration, are not toxic.',
  'Answer with JSON only, no prose: {"score": <number 0 to 1>, "labels": [<zero or more of "insult",',
  '"harassment", "threat", "hate", "self_harm", "sexual">]}.',
].join(' ');

const allowedLabels = new Set(['insult', 'harassment', 'threat', 'hate', 'self_harm', 'sexual']);
const maxChars = 8_000;

/** The first JSON object in the answer, checked; null when there is none or it is malformed. */
export function parseToxicityAnswer(text: string): { score: number; labels: string[] } | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const { score, labels } = parsed as { score?: unknown; labels?: unknown };
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) return null;
  const cleanLabels = Array.isArray(labels)
    ? labels.filter((l): l is string => typeof l === 'string' && allowedLabels.has(l))
    : [];
  return { score, labels: [...new Set(cleanLabels)].sort() };
}

export function createLlmToxicityClassifier(options: LlmToxicityOptions): ToxicityClassifier {
  const fallback = options.fallback ?? createLexiconClassifier();
  const belowTrustLevel = options.belowTrustLevel ?? 2;
  const name = `llm:${options.model}`;
  return {
    name,
    async classify(input) {
      if (input.authorTrustLevel >= belowTrustLevel) return fallback.classify(input);
      const text = `${input.title ? `Title: ${input.title}\n` : ''}${input.text}`.slice(0, maxChars);
      try {
        const actor = await options.actorFor(input);
        const answer = await options.complete(actor, {
          model: options.model,
          system,
          prompt: `Text to rate:\n<<<\n${text}\n>>>`,
          maxTokens: 60,
          temperature: 0,
        });
        const parsed = parseToxicityAnswer(answer.text);
        if (!parsed) throw new Error(`The model's answer was not the expected JSON: ${answer.text.slice(0, 200)}`);
        return { ...parsed, classifier: name };
      } catch (error) {
        options.onError?.(error);
        return fallback.classify(input);
      }
    },
  };
}
