/**
 * The moderation pipeline community runs on every create and edit, before storing:
 *
 *   1. word list and built-in profanity: block → rejected, hold → held, censor → text rewritten;
 *   2. limits by trust level: links, mentions, attachments → rejected when over;
 *   3. toxicity (the configured classifier) at or above `toxicityHoldAt` → held;
 *   4. new content only: posts or comments per day → rejected when the day's are used up (staff are
 *      exempt: `authorIsStaff`);
 *   5. duplicate of the author's recent content → rejected.
 *
 * Checks 1–3 change nothing; 4–5 take a counter slot and a fingerprint only once 1–3 have passed, and
 * give them back if a later check refuses, so a rejected text leaves no trace. Every reason is written
 * for the author; `signals` say the same for moderators, with scores.
 *
 * Held content with an id (community generates it before calling) gets its queue item here; without
 * an id, community calls `recordHeld` once it has stored the content (see README.md).
 */
import { AppError } from '../shared/errors.ts';
import { openCase } from './cases.ts';
import { noteFirstSeen } from './member-trust.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import {
  type ContentForReview,
  type ModerationSignal,
  moderatedKinds,
  type ReviewOutcome,
} from './moderation-target.ts';
import { claimFingerprint, isDuplicate, normaliseForFingerprint, takeRateSlot } from './posting-limits.ts';
import { isTrustLevel, trustLevelNames, trustLimits } from './trust-levels.ts';
import { defaultBuiltInAction, readWordList } from './word-list.ts';
import { screenText, type WordMatch } from './word-rules.ts';

const maxTextChars = 100_000;
const maxListEntries = 1_000;

function checkContent(content: ContentForReview): void {
  const c = content as Partial<ContentForReview> | undefined;
  if (!c || typeof c !== 'object') throw AppError.invalidInput('content is required');
  if (typeof c.organizationId !== 'string' || !c.organizationId) {
    throw AppError.invalidInput('organizationId is required', { field: 'organizationId' });
  }
  if (typeof c.authorId !== 'string' || !c.authorId)
    throw AppError.invalidInput('authorId is required', { field: 'authorId' });
  if (!(moderatedKinds as readonly unknown[]).includes(c.kind))
    throw AppError.invalidInput('kind is not valid', { field: 'kind' });
  if (!isTrustLevel(c.authorTrustLevel)) {
    throw AppError.invalidInput('authorTrustLevel must be 0 to 4', { field: 'authorTrustLevel' });
  }
  if (typeof c.text !== 'string' || c.text.length > maxTextChars) {
    throw AppError.invalidInput(`text must be a string of at most ${maxTextChars} characters`, { field: 'text' });
  }
  if (c.title !== undefined && typeof c.title !== 'string')
    throw AppError.invalidInput('title must be text', { field: 'title' });
  for (const field of ['links', 'mentions'] as const) {
    const list = c[field];
    if (!Array.isArray(list) || list.length > maxListEntries) {
      throw AppError.invalidInput(`${field} must be a list`, { field });
    }
  }
  if (typeof c.attachmentCount !== 'number' || !Number.isInteger(c.attachmentCount) || c.attachmentCount < 0) {
    throw AppError.invalidInput('attachmentCount must be a whole number', { field: 'attachmentCount' });
  }
  if (c.id !== undefined && (typeof c.id !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(c.id))) {
    throw AppError.invalidInput('id is not valid', { field: 'id' });
  }
}

function wordFindings(matches: WordMatch[], blocked: string[], held: string[], signals: ModerationSignal[]) {
  const seen = new Set<string>();
  for (const match of matches) {
    const key = `${match.source}:${match.rule}:${match.action}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const check = match.source === 'profanity' ? 'profanity' : 'word_list';
    const what = match.source === 'profanity' ? 'profanity (built-in list)' : `"${match.rule}"`;
    signals.push({ check, effect: match.action, detail: `${what}: ${match.action}` });
    if (match.action === 'block') blocked.push(what);
    if (match.action === 'hold') held.push(what);
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function review(deps: ModerationDeps, content: ContentForReview): Promise<ReviewOutcome> {
  checkContent(content);
  const { organizationId: orgId, authorId, kind } = content;
  const level = content.authorTrustLevel;
  const what = kind === 'post' ? 'post' : 'comment';
  const rejections: string[] = [];
  const holds: string[] = [];
  const signals: ModerationSignal[] = [];

  // 1. Words.
  const list = await readWordList(deps, orgId);
  const rules = list?.rules ?? [];
  const builtIn = list?.builtInAction ?? defaultBuiltInAction;
  const screenedText = await screenText(content.text, rules, builtIn);
  const screenedTitle = content.title === undefined ? undefined : await screenText(content.title, rules, builtIn);
  const blockedWords: string[] = [];
  const heldWords: string[] = [];
  wordFindings([...(screenedTitle?.matches ?? []), ...screenedText.matches], blockedWords, heldWords, signals);
  if (blockedWords.length > 0) {
    rejections.push(`Your ${what} contains language this community does not allow. Please reword it.`);
  }
  if (heldWords.length > 0) holds.push(`Your ${what} contains language a moderator needs to check before it appears.`);

  // 2. Limits by trust level (relaxed in bootstrap mode).
  const memberCount =
    content.organizationMemberCount ?? (await deps.activityOf(orgId, authorId)).organizationMemberCount;
  const limits = trustLimits(level, memberCount === undefined ? {} : { memberCount });
  const levelName = `trust level ${level} (${trustLevelNames[level]})`;
  const overLimit = (check: 'links' | 'mentions' | 'attachments', used: number, allowed: number) => {
    if (used <= allowed) return;
    signals.push({ check, effect: 'block', detail: `${used} ${check}, ${allowed} allowed at ${levelName}` });
    rejections.push(
      `Members at ${levelName} can include at most ${plural(allowed, check.slice(0, -1))} per ${what}; this one has ${used}.`,
    );
  };
  overLimit('links', new Set(content.links).size, limits.links);
  overLimit('mentions', new Set(content.mentions).size, limits.mentions);
  if (kind === 'post') overLimit('attachments', content.attachmentCount, limits.attachments);

  const rejected = (): ReviewOutcome => ({
    verdict: 'rejected',
    reasons: rejections,
    text: content.text,
    ...(content.title === undefined ? {} : { title: content.title }),
    signals,
  });
  if (rejections.length > 0) return rejected();

  // 3. Toxicity.
  const toxicity = await deps.classifier.classify({
    organizationId: orgId,
    authorId,
    authorTrustLevel: level,
    text: screenedText.text,
    ...(screenedTitle ? { title: screenedTitle.text } : {}),
  });
  if (toxicity.score >= deps.settings.toxicityHoldAt) {
    const labels = toxicity.labels.length > 0 ? toxicity.labels.join(', ') : 'toxic';
    signals.push({
      check: 'toxicity',
      effect: 'hold',
      detail: `${toxicity.classifier}: ${labels}`,
      score: toxicity.score,
    });
    holds.push(`Your ${what} may come across as hurtful (${labels}); a moderator will check it before it appears.`);
  } else if (toxicity.score > 0) {
    signals.push({ check: 'toxicity', effect: 'note', detail: toxicity.classifier, score: toxicity.score });
  }

  // 4. Duplicates of the author's recent content (read only).
  const normalised = normaliseForFingerprint(content.title, content.text);
  const hours = Math.round(deps.settings.duplicateWindowMs / 3_600_000);
  const duplicate = () => {
    signals.push({ check: 'duplicate', effect: 'block', detail: `same text within ${hours} h` });
    rejections.push(`You already posted the same text in the last ${plural(hours, 'hour')}.`);
    return rejected();
  };
  if (await isDuplicate(deps, orgId, authorId, normalised, content.id)) return duplicate();

  // 5. Posting rate (new content only): a conditional add, so a refusal writes nothing.
  const perDay = kind === 'post' ? limits.postsPerDay : limits.commentsPerDay;
  const rated = !content.isEdit && content.authorIsStaff !== true;
  const slot = rated ? await takeRateSlot(deps, orgId, authorId, kind, perDay) : null;
  if (rated && !slot) {
    signals.push({ check: 'rate', effect: 'block', detail: `${perDay} ${what}s per day at ${levelName}` });
    rejections.push(
      `Members at ${levelName} can create ${plural(perDay, what)} per day; you have reached today's limit. Please try again tomorrow.`,
    );
    return rejected();
  }

  // 6. Remember this text; a concurrent identical post may have claimed it first.
  if ((await claimFingerprint(deps, orgId, authorId, normalised, content.id)) === 'duplicate') {
    await slot?.release();
    return duplicate();
  }

  await noteFirstSeen(deps, orgId, authorId);
  const censored = signals.some((s) => s.effect === 'censor');
  const notes = censored ? [`Some words in your ${what} were replaced with ∗.`] : [];
  const outcome: ReviewOutcome = {
    verdict: holds.length > 0 ? 'held' : 'published',
    reasons: [...holds, ...notes],
    text: screenedText.text,
    ...(screenedTitle ? { title: screenedTitle.text } : {}),
    signals,
  };
  if (outcome.verdict === 'held' && content.id) {
    outcome.queueItemId = await openCase(deps, {
      organizationId: orgId,
      kind,
      contentId: content.id,
      authorId,
      source: 'review',
      reasons: holds,
      signals,
    });
  }
  return outcome;
}
