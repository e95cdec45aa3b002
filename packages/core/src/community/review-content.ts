/**
 * The community side of the moderation seam: build a ContentForReview, ask the injected pipeline, and
 * turn its verdict into what is stored. `rejected` is a 422 (content_rejected) with the reasons and
 * nothing stored; `held` stores the content visible only to its author and moderators.
 */
import type { ModeratedKind, ReviewOutcome } from '../moderation/moderation-target.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { isModerator } from './access.ts';
import type { CommunityDeps } from './community-deps.ts';
import { extractLinks, extractMentions, linkMentions, renderMarkdown } from './markdown.ts';
import { mentionedMembersOf } from './notify-activity.ts';

export interface ReviewedContent {
  outcome: ReviewOutcome;
  title?: string;
  text: string;
  html: string;
  /** Mentioned users who are members of the organisation (for notifications). */
  mentionedMembers: Map<string, string>;
}

export async function reviewAndRender(
  deps: CommunityDeps,
  actor: Actor,
  input: { kind: ModeratedKind; id?: string; title?: string; text: string; attachmentCount: number; isEdit: boolean },
): Promise<ReviewedContent> {
  const mentions = extractMentions(input.text);
  const trust = await deps.authorTrustOf(actor.orgId, actor.userId);
  const outcome = await deps.review({
    organizationId: actor.orgId,
    kind: input.kind,
    ...(input.id ? { id: input.id } : {}),
    authorId: actor.userId,
    authorTrustLevel: trust.level,
    ...(trust.organizationMemberCount === undefined ? {} : { organizationMemberCount: trust.organizationMemberCount }),
    authorIsStaff: isModerator(actor),
    ...(input.title !== undefined ? { title: input.title } : {}),
    text: input.text,
    links: await extractLinks(input.text),
    mentions,
    attachmentCount: input.attachmentCount,
    isEdit: input.isEdit,
  });
  if (outcome.verdict === 'rejected') {
    throw new AppError('content_rejected', outcome.reasons.join('; ') || 'The content was rejected', {
      details: { reasons: outcome.reasons },
    });
  }
  const mentionedMembers = await mentionedMembersOf(deps, actor.orgId, input.text);
  const text = outcome.text;
  return {
    outcome,
    ...(input.title !== undefined ? { title: outcome.title ?? input.title } : {}),
    text,
    html: await renderMarkdown(linkMentions(text, mentionedMembers)),
    mentionedMembers,
  };
}
