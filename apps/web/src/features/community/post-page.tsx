/** /community/posts/:postId: the post, its reactions and its nested comments, kept live by the stream. */
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { CommentForm, CommentThread } from './comment-thread.tsx';
import { PostCard } from './post-card.tsx';
import { ReactionBar } from './reaction-bar.tsx';
import { useComments, useLiveCommunity, usePost } from './use-community.ts';

export function PostPage() {
  const { postId = '' } = useParams();
  const post = usePost(postId);
  const comments = useComments(postId);
  useLiveCommunity();

  if (post.isPending) return <LoadingState label="Loading post…" />;
  if (post.isError)
    return <ErrorState title="This post could not be loaded" error={post.error} onRetry={() => post.refetch()} />;
  const items = comments.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="page community" aria-label={post.data.title}>
      <title>{`${post.data.title} · Community · Diatonic`}</title>
      <p>
        <Link to="/community">← Community</Link>
      </p>
      <PostCard post={post.data} interactive={false} />
      {post.data.state === 'published' ? (
        <ReactionBar kind="post" targetId={postId} counts={post.data.reactionCounts} mine={post.data.myReactions} />
      ) : null}
      <h2>Comments</h2>
      {comments.isError ? <ErrorState title="Comments could not be loaded" error={comments.error} /> : null}
      <CommentThread comments={items} />
      {comments.hasNextPage ? (
        <button type="button" className="button-secondary" onClick={() => comments.fetchNextPage()}>
          More comments
        </button>
      ) : null}
      {post.data.state === 'published' ? <CommentForm postId={postId} /> : null}
    </section>
  );
}
