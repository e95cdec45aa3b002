/** The editor's thumbnail: the current image and an upload (progress, processing status) that replaces it. */
import { useQueryClient } from '@tanstack/react-query';
import { FileUpload } from '../uploads/index.ts';
import { ModuleThumbnail } from './asset-view.tsx';
import { educationKey } from './education-queries.ts';

export function ThumbnailCard({
  moduleId,
  thumbnailUrl,
}: {
  moduleId: string;
  thumbnailUrl: string | null | undefined;
}) {
  const queryClient = useQueryClient();
  return (
    <section className="card" aria-labelledby="thumbnail-heading">
      <h2 id="thumbnail-heading">Thumbnail</h2>
      {thumbnailUrl ? <ModuleThumbnail url={thumbnailUrl} /> : <p className="meta">No thumbnail yet.</p>}
      <FileUpload
        label="Upload a thumbnail (PNG, JPEG, WebP or GIF)"
        ownerUrl={`/api/education/modules/${encodeURIComponent(moduleId)}/upload`}
        purpose="thumbnail"
        onReady={() => queryClient.invalidateQueries({ queryKey: educationKey })}
      />
    </section>
  );
}
