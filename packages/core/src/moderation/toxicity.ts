/**
 * Toxicity as a port: a classifier scores a text 0–1 with labels. The built-in lexicon scorer needs
 * nothing external; an LLM classifier (llm-toxicity.ts) can replace it when a model is configured.
 * Scores only ever HOLD content for a moderator, never reject it: false positives are the known risk
 * of every classifier (Discourse AI ships its toxicity auto-flag off by default), so a human decides.
 */
import type { TrustLevel } from './moderation-target.ts';

export interface ToxicityInput {
  organizationId: string;
  authorId: string;
  authorTrustLevel: TrustLevel;
  title?: string;
  text: string;
}

export interface ToxicityResult {
  /** 0 (fine) … 1 (certainly toxic). */
  score: number;
  /** e.g. insult, threat, self_harm, harassment. */
  labels: string[];
  /** Which classifier answered (shown to moderators). */
  classifier: string;
}

export interface ToxicityClassifier {
  name: string;
  classify(input: ToxicityInput): Promise<ToxicityResult>;
}

interface LexiconTerm {
  pattern: RegExp;
  weight: number;
  label: string;
}

const term = (words: string, weight: number, label: string): LexiconTerm => ({
  // Whole words only, any case; spaces in phrases match any run of whitespace.
  pattern: new RegExp(`(?<![\\p{L}\\p{N}])${words.replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'giu'),
  weight,
  label,
});

/** A deliberately small list: insults aimed at people, threats, self-harm baiting. */
const lexicon: readonly LexiconTerm[] = [
  term('idiots?', 0.5, 'insult'),
  term('morons?', 0.55, 'insult'),
  term('imbeciles?', 0.55, 'insult'),
  term('stupid', 0.35, 'insult'),
  term('dumb', 0.3, 'insult'),
  term('losers?', 0.4, 'insult'),
  term('pathetic', 0.4, 'insult'),
  term('worthless', 0.45, 'insult'),
  term('clowns?', 0.25, 'insult'),
  term('shut up', 0.4, 'harassment'),
  term('nobody (?:likes|wants) you', 0.6, 'harassment'),
  term('get lost', 0.3, 'harassment'),
  term('(?:i )?hate you', 0.5, 'harassment'),
  term('kill yourself', 1, 'self_harm'),
  term('kys', 0.95, 'self_harm'),
  term('go die', 0.95, 'threat'),
  term("(?:i(?:'ll| will)|gonna) (?:kill|hurt|find) you", 0.95, 'threat'),
  term('you deserve to (?:die|suffer)', 0.95, 'threat'),
];

/** "you", "you're", "your", "u" shortly before a term aims it at someone: weight × 1.4. */
const directedBefore = /(?<![\p{L}\p{N}])(?:you|you're|youre|your|ur|u)(?![\p{L}\p{N}])(?:\W+\p{L}+){0,3}\W*$/iu;
const directedFactor = 1.4;

/** score = 1 − Π(1 − wᵢ) over every occurrence, so several mild terms add up and none exceeds 1. */
export function lexiconScore(text: string): { score: number; labels: string[] } {
  let keep = 1;
  const labels = new Set<string>();
  for (const entry of lexicon) {
    for (const match of text.matchAll(entry.pattern)) {
      const before = text.slice(Math.max(0, (match.index ?? 0) - 40), match.index);
      const weight = Math.min(1, entry.weight * (directedBefore.test(before) ? directedFactor : 1));
      keep *= 1 - weight;
      labels.add(entry.label);
    }
  }
  return { score: Math.round((1 - keep) * 1000) / 1000, labels: [...labels].sort() };
}

export function createLexiconClassifier(): ToxicityClassifier {
  return {
    name: 'lexicon',
    classify: async (input) => {
      const { score, labels } = lexiconScore(`${input.title ?? ''}\n${input.text}`);
      return { score, labels, classifier: 'lexicon' };
    },
  };
}
