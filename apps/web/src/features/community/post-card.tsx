/** One post in the feed: title, author, tags, the rendered body and the counts. */
import type { Post } from '@diatonic/api-schemas';
import { Link } from 'react-router';
import { PostAttachments } from './post-attachments.tsx';
import { ReactionBar } from './reaction-bar.tsx';
import { SafeHtml } from './safe-html.tsx';

export function PostCard({ post, interactive = true }: { post: Post; interactive?: boolean }) {
  return (
    <article className="post-card" aria-labelledby={`title-${post.id}`}>
      <h2 id={`title-${post.id}`}>
        {interactive ? <Link to={`/community/posts/${post.id}`}>{post.title}</Link> : post.title}
      </h2>
      <p className="post-meta">
        <Link to={`/community/users/${post.authorId}`}>{post.authorProfile.name}</Link> ·{' '}
        <time dateTime={post.createdAt}>{new Date(post.createdAt).toLocaleString()}</time> · {post.visibility}
        {post.state !== 'published' ? <span className="badge">{post.state}</span> : null}
      </p>
      {post.stateReasons.length > 0 ? <p className="muted">{post.stateReasons.join('; ')}</p> : null}
      {post.tags.length > 0 ? (
        <ul className="tag-list" aria-label="Tags">
          {post.tags.map((tag) => (
            <li key={tag}>
              <Link to={`/community?tag=${encodeURIComponent(tag)}`}>#{tag}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      <SafeHtml className="post-body" html={post.contentHtml} />
      <PostAttachments files={post.attachments} />
      <p className="post-stats">
        {count(post.metrics.comments, 'comment')} · {count(post.metrics.views, 'view')}
      </p>
      {interactive && post.state === 'published' ? (
        <ReactionBar kind="post" targetId={post.id} counts={post.reactionCounts} mine={post.myReactions} />
      ) : null}
    </article>
  );
}

/** "1 comment", "2 comments". */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
