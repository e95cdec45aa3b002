/** Community's side of the moderation seam: posts and comments as ModerationTargets. */
import type { ModeratedContent, ModerationTarget } from '../moderation/moderation-target.ts';
import { AppError } from '../shared/errors.ts';
import { loadComment, loadPost } from './access.ts';
import { setCommentState } from './comments.ts';
import type { CommunityDeps } from './community-deps.ts';
import { setPostState } from './posts.ts';

const excerptOf = (text: string) => (text.length > 280 ? `${text.slice(0, 277)}…` : text);

async function getPostContent(deps: CommunityDeps, orgId: string, id: string): Promise<ModeratedContent | null> {
  try {
    const { data } = await loadPost(deps.store, orgId, id);
    if (data.state === 'deleted') return null;
    return {
      organizationId: orgId,
      kind: 'post',
      id,
      authorId: data.authorId,
      title: data.title,
      excerpt: excerptOf(data.content),
      state: data.state,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

async function getCommentContent(deps: CommunityDeps, orgId: string, id: string): Promise<ModeratedContent | null> {
  const item = await loadComment(deps.store, orgId, id);
  if (!item || item.data.state === 'deleted') return null;
  return {
    organizationId: orgId,
    kind: 'comment',
    id,
    authorId: item.data.authorId,
    excerpt: excerptOf(item.data.content),
    state: item.data.state,
  };
}

/** Moderator decisions name the acting moderator in the reason shown to the author. */
const reasonOf = (state: string, reason: string) =>
  state === 'removed' ? `removed by moderator${reason ? `: ${reason}` : ''}` : reason;

export function createModerationTargets(deps: CommunityDeps): { post: ModerationTarget; comment: ModerationTarget } {
  return {
    post: {
      kind: 'post',
      get: (orgId, id) => getPostContent(deps, orgId, id),
      async setState(orgId, id, state, reason) {
        if (!(await getPostContent(deps, orgId, id))) throw AppError.notFound('post', id);
        await setPostState(deps, orgId, id, state, reasonOf(state, reason));
      },
    },
    comment: {
      kind: 'comment',
      get: (orgId, id) => getCommentContent(deps, orgId, id),
      async setState(orgId, id, state, reason) {
        if (!(await getCommentContent(deps, orgId, id))) throw AppError.notFound('comment', id);
        await setCommentState(deps, orgId, id, state, reasonOf(state, reason));
      },
    },
  };
}
