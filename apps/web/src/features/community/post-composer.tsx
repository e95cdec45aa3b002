/** Write a post in markdown with a live preview (rendered and sanitised in the browser). */
import { communityLimits } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../ui/form-error.tsx';
import { previewMarkdown } from './safe-html.tsx';
import { useCreatePost } from './use-community.ts';

export function PostComposer() {
  const create = useCreatePost();
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [tags, setTags] = useState('');
  const [visibility, setVisibility] = useState<'organization' | 'public' | 'private'>('organization');
  const [preview, setPreview] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tagList = tags
      .split(/[\s,]+/)
      .map((tag) => tag.trim().replace(/^#/, ''))
      .filter(Boolean);
    create.mutate(
      { title, content, visibility, ...(tagList.length ? { tags: tagList } : {}) },
      {
        onSuccess: () => {
          setTitle('');
          setContent('');
          setTags('');
          setPreview(false);
        },
      },
    );
  };

  return (
    <form className="form composer" onSubmit={submit} aria-label="New post">
      <h2>New post</h2>
      <div className="field">
        <label htmlFor="post-title">Title</label>
        <input
          id="post-title"
          value={title}
          maxLength={communityLimits.titleMaxChars}
          required
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="post-content">Text (markdown)</label>
        {preview ? (
          <div
            className="post-body preview"
            data-testid="composer-preview"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: previewMarkdown sanitises with DOMPurify
            dangerouslySetInnerHTML={{ __html: previewMarkdown(content) }}
          />
        ) : (
          <textarea
            id="post-content"
            rows={6}
            value={content}
            maxLength={communityLimits.postMaxChars}
            required
            onChange={(e) => setContent(e.target.value)}
          />
        )}
      </div>
      <div className="field">
        <label htmlFor="post-tags">Tags (up to {communityLimits.maxTags}, separated by spaces)</label>
        <input id="post-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="post-visibility">Who can see it</label>
        <select
          id="post-visibility"
          value={visibility}
          onChange={(e) => setVisibility(e.target.value as typeof visibility)}
        >
          <option value="organization">Members of this organisation</option>
          <option value="public">Everyone on the platform</option>
          <option value="private">Only me</option>
        </select>
      </div>
      <FormError error={create.error} />
      {create.data?.state === 'held' ? (
        <p className="notice" role="status">
          Your post is held for review: {create.data.stateReasons.join('; ')}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="button-secondary" onClick={() => setPreview(!preview)}>
          {preview ? 'Edit' : 'Preview'}
        </button>
        <button type="submit" disabled={create.isPending || !title.trim() || !content.trim()}>
          Publish
        </button>
      </div>
    </form>
  );
}
