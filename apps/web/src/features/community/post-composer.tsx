/**
 * Write a post in markdown with a live preview (rendered and sanitised in the browser), and attach
 * images or PDFs: each file goes through the upload pipeline first and is attached once it is ready.
 */
import { communityLimits } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import type { UploadView } from '../../api/uploads-api.ts';
import { FormError } from '../../ui/form-error.tsx';
import { FileUpload } from '../uploads/index.ts';
import { formatBytes } from '../uploads/upload-messages.ts';
import { previewMarkdown } from './safe-html.tsx';
import { useCreatePost } from './use-community.ts';

export function PostComposer() {
  const create = useCreatePost();
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [tags, setTags] = useState('');
  const [visibility, setVisibility] = useState<'organization' | 'public' | 'private'>('organization');
  const [preview, setPreview] = useState(false);
  const [files, setFiles] = useState<UploadView[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tagList = tags
      .split(/[\s,]+/)
      .map((tag) => tag.trim().replace(/^#/, ''))
      .filter(Boolean);
    create.mutate(
      {
        title,
        content,
        visibility,
        ...(tagList.length ? { tags: tagList } : {}),
        ...(files.length ? { attachments: files.map((file) => file.uploadId) } : {}),
      },
      {
        onSuccess: () => {
          setTitle('');
          setContent('');
          setTags('');
          setFiles([]);
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
      <div className="field composer-attachments">
        {files.length > 0 ? (
          <ul className="attachment-list" aria-label="Attached files">
            {files.map((file) => (
              <li key={file.uploadId}>
                {file.asset?.thumbnailUrl ? (
                  <img src={file.asset.thumbnailUrl} alt="" className="attachment-thumb" />
                ) : null}
                <span>
                  {file.fileName} <span className="muted">({formatBytes(file.sizeBytes)})</span>
                </span>
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => setFiles(files.filter((f) => f.uploadId !== file.uploadId))}
                >
                  Remove {file.fileName}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {files.length < communityLimits.maxAttachments ? (
          <FileUpload
            ownerUrl="/api/community/attachments"
            purpose="attachment"
            label="Attach an image or PDF"
            onReady={(view) => setFiles((current) => [...current, view])}
          />
        ) : null}
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
