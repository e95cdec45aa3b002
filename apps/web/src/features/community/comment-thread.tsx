/** A post's comments as a nested list (indent by depth) with reply forms and reactions. */
import type { Comment } from '@diatonic/api-schemas';
import { communityLimits } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { FormError } from '../../ui/form-error.tsx';
import { ReactionBar } from './reaction-bar.tsx';
import { SafeHtml } from './safe-html.tsx';
import { useCreateComment } from './use-community.ts';

export function CommentForm({
  postId,
  parentCommentId,
  onDone,
}: {
  postId: string;
  parentCommentId?: string;
  onDone?: () => void;
}) {
  const create = useCreateComment(postId);
  const [content, setContent] = useState('');
  const fieldId = `comment-${parentCommentId ?? 'top'}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { content, ...(parentCommentId ? { parentCommentId } : {}) },
      {
        onSuccess: () => {
          setContent('');
          onDone?.();
        },
      },
    );
  };
  return (
    <form className="form comment-form" onSubmit={submit}>
      <label htmlFor={fieldId}>{parentCommentId ? 'Your reply' : 'Add a comment'}</label>
      <textarea
        id={fieldId}
        rows={3}
        value={content}
        maxLength={communityLimits.commentMaxChars}
        onChange={(e) => setContent(e.target.value)}
      />
      <FormError error={create.error} />
      <div className="actions">
        <button type="submit" disabled={create.isPending || !content.trim()}>
          {parentCommentId ? 'Reply' : 'Comment'}
        </button>
      </div>
    </form>
  );
}

function CommentItem({ comment }: { comment: Comment }) {
  const [replying, setReplying] = useState(false);
  return (
    <li className="comment" id={comment.id} style={{ marginInlineStart: `${comment.depth * 1.25}rem` }}>
      <p className="post-meta">
        <Link to={`/community/users/${comment.authorId}`}>{comment.authorProfile.name}</Link> ·{' '}
        <time dateTime={comment.createdAt}>{new Date(comment.createdAt).toLocaleString()}</time>
        {comment.state !== 'published' ? <span className="badge">{comment.state}</span> : null}
      </p>
      <SafeHtml className="comment-body" html={comment.contentHtml} />
      {comment.state === 'published' ? (
        <>
          <ReactionBar
            kind="comment"
            targetId={comment.id}
            counts={comment.reactionCounts}
            mine={comment.myReactions}
          />
          <button type="button" className="button-link" onClick={() => setReplying(!replying)}>
            {replying ? 'Cancel' : 'Reply'}
          </button>
        </>
      ) : null}
      {replying ? (
        <CommentForm postId={comment.postId} parentCommentId={comment.id} onDone={() => setReplying(false)} />
      ) : null}
    </li>
  );
}

export function CommentThread({ comments }: { comments: Comment[] }) {
  if (comments.length === 0) return <p className="muted">No comments yet.</p>;
  return (
    <ol className="comment-thread" aria-label="Comments">
      {comments.map((comment) => (
        <CommentItem key={comment.id} comment={comment} />
      ))}
    </ol>
  );
}
