/**
 * The file of a saved section, in the editor: a preview of what learners will see and an upload
 * (progress bar, then processing status) that replaces it. A video section plays the video uploaded
 * here (its contentData then names that upload); text and exercise sections may show an image or a
 * PDF above their text. The server checks the file; the picker only narrows the choice.
 */
import type { EducationSection } from '@diatonic/api-schemas';
import { AssetView } from './asset-view.tsx';
import { ModuleFileUpload } from './module-file-upload.tsx';

const videoTypes = 'video/mp4,video/webm,video/quicktime';
const illustrationTypes = 'image/png,image/jpeg,image/webp,image/gif,application/pdf';

export function SectionAssetCard({ moduleId, section }: { moduleId: string; section: EducationSection }) {
  if (section.contentType === 'quiz') return null;
  const video = section.contentType === 'video';
  const action = section.asset ? 'Replace' : 'Upload';
  return (
    <div className="section-asset-card">
      {section.asset ? (
        <AssetView asset={section.asset} title={section.title} />
      ) : video ? (
        <p className="meta">No video yet: upload one before submitting the module for review.</p>
      ) : null}
      <ModuleFileUpload
        moduleId={moduleId}
        label={
          video
            ? `${action} the video of “${section.title}” (MP4, WebM or QuickTime)`
            : `${action} an image or PDF for “${section.title}”`
        }
        purpose="section-asset"
        sectionId={section.id}
        accept={video ? videoTypes : illustrationTypes}
      />
    </div>
  );
}
