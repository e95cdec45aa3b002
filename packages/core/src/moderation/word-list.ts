/**
 * The organisation's word list: words or phrases with an action each (block → rejected, censor →
 * replaced with ∗, hold → queued for a moderator), plus what to do with the built-in profanity list.
 * Moderators read it; admins and owners replace it (moderation:configure).
 */
import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { wordListKey } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import {
  type BuiltInAction,
  builtInActions,
  type WordAction,
  type WordListRecord,
  type WordRule,
  wordActions,
} from './records.ts';

export const maxWordRules = 500;
const maxWordChars = 64;
/** Letters, digits, apostrophes, hyphens and single spaces; an optional `*` at the end (prefix match). */
const wordPattern = /^[\p{L}\p{N}'’-]+(?: [\p{L}\p{N}'’-]+)*\*?$/u;

export interface WordListView {
  words: WordRule[];
  builtInAction: BuiltInAction;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface UpdateWordListInput {
  words: { word: string; action: WordAction }[];
  builtInAction?: BuiltInAction;
}

/** Held, not censored, by default: the author is told and a moderator decides. */
export const defaultBuiltInAction: BuiltInAction = 'hold';

export async function readWordList(deps: ModerationDeps, orgId: string): Promise<WordListRecord | undefined> {
  return (await deps.store.get<WordListRecord>(wordListKey(orgId)))?.data;
}

function toView(record: WordListRecord | undefined): WordListView {
  return {
    words: record?.rules ?? [],
    builtInAction: record?.builtInAction ?? defaultBuiltInAction,
    updatedAt: record?.updatedAt ?? null,
    updatedBy: record?.updatedBy ?? null,
  };
}

export async function getWordList(deps: ModerationDeps, actor: Actor): Promise<WordListView> {
  if (!can(actor.role, 'moderation:review')) throw AppError.forbidden('moderation:review');
  return toView(await readWordList(deps, actor.orgId));
}

export function parseWordRules(words: unknown): WordRule[] {
  if (!Array.isArray(words)) throw AppError.invalidInput('words must be a list', { field: 'words' });
  if (words.length > maxWordRules) {
    throw AppError.invalidInput(`words may hold at most ${maxWordRules} entries`, { field: 'words' });
  }
  const seen = new Set<string>();
  return words.map((entry, i) => {
    const field = `words.${i}`;
    const { word, action } = (entry ?? {}) as { word?: unknown; action?: unknown };
    if (typeof word !== 'string') throw AppError.invalidInput(`${field}.word is required`, { field });
    const clean = word.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
    if (clean.length === 0 || [...clean].length > maxWordChars || !wordPattern.test(clean)) {
      throw AppError.invalidInput(
        `${field}.word must be 1 to ${maxWordChars} letters, digits, ' or - (spaces between words, * at the end)`,
        { field },
      );
    }
    if (typeof action !== 'string' || !(wordActions as readonly string[]).includes(action)) {
      throw AppError.invalidInput(`${field}.action must be one of ${wordActions.join(', ')}`, { field });
    }
    if (seen.has(clean)) throw AppError.invalidInput(`${field}.word "${clean}" is listed twice`, { field });
    seen.add(clean);
    return { word: clean, action: action as WordAction };
  });
}

export async function updateWordList(
  deps: ModerationDeps,
  actor: Actor,
  input: UpdateWordListInput,
): Promise<WordListView> {
  if (!can(actor.role, 'moderation:configure')) throw AppError.forbidden('moderation:configure');
  const rules = parseWordRules(input?.words);
  const builtIn = input.builtInAction ?? defaultBuiltInAction;
  if (!(builtInActions as readonly string[]).includes(builtIn)) {
    throw AppError.invalidInput(`builtInAction must be one of ${builtInActions.join(', ')}`, {
      field: 'builtInAction',
    });
  }
  const record: WordListRecord = {
    rules,
    builtInAction: builtIn,
    updatedAt: isoAt(deps.clock.nowMs()),
    updatedBy: actor.userId,
  };
  await deps.store.put<WordListRecord>({ ...wordListKey(actor.orgId), data: record });
  return toView(record);
}
