/**
 * <FileUpload>: pick a file, watch it upload (progress bar from XHR upload events) and be processed
 * (status polled until ready or rejected), then hand the ready asset to `onReady`. Reusable by any
 * owner: the education editor passes its module's upload route and a purpose.
 *
 *   <FileUpload ownerUrl={`/api/education/modules/${id}/upload`} purpose="thumbnail" onReady={(v) => …} />
 */
import { useId } from 'react';
import type { UploadView } from '../../api/uploads-api.ts';
import { formatBytes, uploadErrorMessage } from './upload-messages.ts';
import { type FileUploadOptions, useFileUpload } from './use-file-upload.ts';

/** What the file picker offers per purpose; the server decides what is really accepted. */
const acceptByPurpose: Record<FileUploadOptions['purpose'], string> = {
  thumbnail: 'image/png,image/jpeg,image/webp,image/gif',
  document: 'application/pdf,text/markdown,text/plain,.md,.markdown,.txt',
  'section-asset':
    'image/png,image/jpeg,image/webp,image/gif,video/mp4,video/webm,video/quicktime,audio/mpeg,audio/mp4,audio/wav,audio/ogg,audio/webm,application/pdf,text/markdown,text/plain,.md,.markdown,.txt',
};

export interface FileUploadProps extends FileUploadOptions {
  label?: string;
  disabled?: boolean;
  /** Narrows the picker below what the purpose allows (e.g. videos only for a video section). */
  accept?: string;
}

function ReadySummary({ view }: { view: UploadView }) {
  const meta = view.asset?.metadata ?? {};
  const facts = [
    formatBytes(view.sizeBytes),
    meta.width && meta.height ? `${meta.width}×${meta.height}` : null,
    meta.durationSeconds !== undefined ? `${Math.round(meta.durationSeconds)} s` : null,
    meta.pageCount !== undefined ? `${meta.pageCount} page${meta.pageCount === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  return (
    <div className="upload-ready">
      {view.asset?.thumbnailUrl ? <img src={view.asset.thumbnailUrl} alt="" className="upload-thumbnail" /> : null}
      <p role="status">
        {view.fileName} is ready <span className="muted">({facts.join(', ')})</span>
      </p>
    </div>
  );
}

export function FileUpload({ label = 'Upload a file', disabled, accept, ...options }: FileUploadProps) {
  const inputId = useId();
  const { state, start, cancel } = useFileUpload(options);
  const busy = state.phase === 'requesting' || state.phase === 'uploading' || state.phase === 'processing';

  return (
    <div className="file-upload" data-phase={state.phase}>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="file"
        accept={accept ?? acceptByPurpose[options.purpose]}
        disabled={disabled || busy}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) start(file);
          event.currentTarget.value = '';
        }}
      />
      {state.phase === 'requesting' ? <p role="status">Preparing {state.fileName}…</p> : null}
      {state.phase === 'uploading' ? (
        <div className="upload-progress">
          <progress max={1} value={state.progress} aria-label={`Uploading ${state.fileName}`} />
          <span role="status">
            Uploading {state.fileName}: {Math.round(state.progress * 100)}%
          </span>
        </div>
      ) : null}
      {state.phase === 'processing' ? (
        <p role="status" className="upload-processing">
          Checking {state.fileName}…
        </p>
      ) : null}
      {busy ? (
        <button type="button" className="button-secondary" onClick={cancel}>
          Cancel
        </button>
      ) : null}
      {state.phase === 'ready' ? <ReadySummary view={state.view} /> : null}
      {state.phase === 'rejected' ? (
        <p role="alert" className="field-error">
          {state.fileName} was not accepted: {state.view.message ?? state.view.reason}
        </p>
      ) : null}
      {state.phase === 'failed' ? (
        <p role="alert" className="field-error">
          {uploadErrorMessage(state.error)}
        </p>
      ) : null}
    </div>
  );
}
