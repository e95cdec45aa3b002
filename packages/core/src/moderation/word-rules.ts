/**
 * Matching the organisation's word list and the built-in profanity list (npm `obscenity`, which sees
 * through leet-speak, confusable Unicode and repeated letters) against a title and text, and censoring
 * what the rules say to censor. Pure: the list itself is read and written by word-list.ts.
 */
import type { RegExpMatcher, TextCensor } from 'obscenity';
import type { BuiltInAction, WordAction, WordRule } from './records.ts';

/** Not `*`: that is Markdown emphasis, and censored text is stored as Markdown. */
export const censorChar = '∗';

interface Profanity {
  matcher: RegExpMatcher;
  censor: TextCensor;
}

let profanityLoading: Promise<Profanity> | undefined;

/**
 * The built-in list, imported and compiled on the first screening rather than at module load: building
 * obscenity's English dataset is one of the costlier steps of a cold start, and most requests never
 * screen text (an API Lambda answering reads would pay it for nothing). A failed import is retried.
 */
function loadProfanity(): Promise<Profanity> {
  profanityLoading ??= import('obscenity').then(
    (o) => ({
      matcher: new o.RegExpMatcher({ ...o.englishDataset.build(), ...o.englishRecommendedTransformers }),
      censor: new o.TextCensor().setStrategy(o.fixedCharCensorStrategy(censorChar)),
    }),
    (error: unknown) => {
      profanityLoading = undefined;
      throw error;
    },
  );
  return profanityLoading;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A long-running server's start-up warm-up (entry/node-server.ts), so no screening waits for the import. */
export async function warmProfanity(): Promise<void> {
  await loadProfanity();
}

export function rulePattern(word: string): RegExp {
  const prefix = word.endsWith('*');
  const body = escapeRegExp(prefix ? word.slice(0, -1) : word).replace(/ +/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${prefix ? '[\\p{L}\\p{N}]*' : ''}(?![\\p{L}\\p{N}])`, 'giu');
}

export interface WordMatch {
  source: 'word_list' | 'profanity';
  action: WordAction;
  /** The rule's word, or `profanity` for the built-in list (never the matched text: moderators see the content). */
  rule: string;
}

export interface ScreenedText {
  text: string;
  matches: WordMatch[];
}

function censorRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  const chars = [...text];
  // Ranges are UTF-16 offsets; rebuild by walking code units so surrogate pairs stay whole.
  let out = '';
  let offset = 0;
  for (const ch of chars) {
    const inside = ranges.some(([start, end]) => offset >= start && offset < end);
    out += inside && /[\p{L}\p{N}]/u.test(ch) ? censorChar : ch;
    offset += ch.length;
  }
  return out;
}

/** Applies every rule and the built-in list to one piece of text. */
export async function screenText(
  text: string,
  rules: readonly WordRule[],
  builtIn: BuiltInAction,
): Promise<ScreenedText> {
  const matches: WordMatch[] = [];
  const censorAt: [number, number][] = [];
  for (const rule of rules) {
    for (const found of text.matchAll(rulePattern(rule.word))) {
      matches.push({ source: 'word_list', action: rule.action, rule: rule.word });
      if (rule.action === 'censor') censorAt.push([found.index ?? 0, (found.index ?? 0) + found[0].length]);
    }
  }
  let screened = censorRanges(text, censorAt);
  if (builtIn !== 'off') {
    const profanity = await loadProfanity();
    const found = profanity.matcher.getAllMatches(screened, true);
    for (const _ of found) matches.push({ source: 'profanity', action: builtIn, rule: 'profanity' });
    if (builtIn === 'censor' && found.length > 0) screened = profanity.censor.applyTo(screened, found);
  }
  return { text: screened, matches };
}
