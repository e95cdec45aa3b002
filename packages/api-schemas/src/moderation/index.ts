/**
 * Wire schemas of community moderation (issue 5 items 6 and 7): flags, the moderators' queue,
 * decisions, the author's appeal and the organisation's word list.
 */
import { z } from 'zod';
import { PageQuery, pageOf } from '../page.ts';

export const ContentIdParams = z.object({ id: z.string().min(1).max(128) });
export type ContentIdParams = z.infer<typeof ContentIdParams>;

export const QueueItemParams = z.object({ id: z.string().min(1).max(128) });
export type QueueItemParams = z.infer<typeof QueueItemParams>;

export const FlagRequest = z
  .object({
    /** Why this post or comment should be looked at; shown to moderators only. */
    reason: z.string().trim().min(1).max(500),
  })
  .meta({ id: 'FlagRequest' });
export type FlagRequest = z.infer<typeof FlagRequest>;

export const FlagResult = z
  .object({
    /** False when you had already flagged it (nothing changed). */
    created: z.boolean(),
    /** What your flag weighs (1 + your trust level; moderators 6). */
    weight: z.number().int(),
    hidden: z.boolean(),
    queueItemId: z.string().nullable(),
  })
  .meta({ id: 'FlagResult' });
export type FlagResult = z.infer<typeof FlagResult>;

export const moderatedKindValues = ['post', 'comment'] as const;
export const decisionActionValues = ['approve', 'remove', 'warn'] as const;
export const wordActionValues = ['block', 'censor', 'hold'] as const;
export const builtInActionValues = ['block', 'censor', 'hold', 'off'] as const;

export const ModerationSignal = z
  .object({
    check: z.string(),
    effect: z.enum(['block', 'hold', 'censor', 'note']),
    detail: z.string(),
    score: z.number().optional(),
  })
  .meta({ id: 'ModerationSignal' });
export type ModerationSignal = z.infer<typeof ModerationSignal>;

export const QueueItem = z
  .object({
    id: z.string(),
    kind: z.enum(moderatedKindValues),
    contentId: z.string(),
    authorId: z.string(),
    source: z.enum(['review', 'flags']),
    status: z.enum(['pending', 'decided']),
    /** Written for the author. */
    reasons: z.array(z.string()),
    /** For moderators (empty for the author): what each check found, with scores. */
    signals: z.array(ModerationSignal),
    content: z
      .object({
        title: z.string().nullable(),
        excerpt: z.string(),
        state: z.enum(['published', 'held', 'hidden', 'removed']),
      })
      .nullable(),
    flagWeight: z.number(),
    flagCount: z.number().int(),
    flags: z.array(z.object({ userId: z.string(), reason: z.string(), weight: z.number(), at: z.string() })),
    decisions: z.array(
      z.object({
        action: z.enum(decisionActionValues),
        reason: z.string(),
        /** null for the author. */
        moderatorId: z.string().nullable(),
        at: z.string(),
        onAppeal: z.boolean(),
      }),
    ),
    appeal: z.object({ message: z.string(), at: z.string() }).nullable(),
    canAppeal: z.boolean(),
    excludedModeratorId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ModerationQueueItem' });
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueItemPage = pageOf(QueueItem).meta({ id: 'ModerationQueuePage' });
export type QueueItemPage = z.infer<typeof QueueItemPage>;

export const QueueQuery = PageQuery.extend({
  /** `pending` (default): held, flagged and appealed items, oldest first; `done`: decided, newest first. */
  state: z.enum(['pending', 'done']).optional(),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const DecisionRequest = z
  .object({
    action: z.enum(decisionActionValues),
    /** Sent to the author. */
    reason: z.string().trim().min(1).max(1000),
  })
  .meta({ id: 'ModerationDecisionRequest' });
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const AppealRequest = z
  .object({ message: z.string().trim().min(1).max(2000) })
  .meta({ id: 'ModerationAppealRequest' });
export type AppealRequest = z.infer<typeof AppealRequest>;

export const WordRule = z.object({
  /** A word or phrase; `*` at the end also matches longer words. */
  word: z.string().min(1).max(64),
  action: z.enum(wordActionValues),
});
export type WordRule = z.infer<typeof WordRule>;

export const WordList = z
  .object({
    words: z.array(WordRule),
    /** What happens to words of the built-in profanity list. */
    builtInAction: z.enum(builtInActionValues),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'ModerationWordList' });
export type WordList = z.infer<typeof WordList>;

export const UpdateWordListRequest = z
  .object({
    words: z.array(WordRule).max(500),
    builtInAction: z.enum(builtInActionValues).optional(),
  })
  .meta({ id: 'UpdateModerationWordListRequest' });
export type UpdateWordListRequest = z.infer<typeof UpdateWordListRequest>;
