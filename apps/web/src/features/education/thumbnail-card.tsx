/** The editor's thumbnail: the current image and an upload (progress, processing status) that replaces it. */
import { ModuleThumbnail } from './asset-view.tsx';
import { ModuleFileUpload } from './module-file-upload.tsx';

export function ThumbnailCard({
  moduleId,
  thumbnailUrl,
}: {
  moduleId: string;
  thumbnailUrl: string | null | undefined;
}) {
  return (
    <section className="card" aria-labelledby="thumbnail-heading">
      <h2 id="thumbnail-heading">Thumbnail</h2>
      {thumbnailUrl ? <ModuleThumbnail url={thumbnailUrl} /> : <p className="meta">No thumbnail yet.</p>}
      <ModuleFileUpload moduleId={moduleId} label="Upload a thumbnail (PNG, JPEG, WebP or GIF)" purpose="thumbnail" />
    </section>
  );
}
