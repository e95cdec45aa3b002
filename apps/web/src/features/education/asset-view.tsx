/** An uploaded asset shown by its kind: image, video, audio or PDF; anything else as a download link. */
import type { EducationAsset } from '@diatonic/api-schemas';

export function AssetView({ asset, title }: { asset: EducationAsset; title: string }) {
  if (asset.contentType.startsWith('image/')) return <img className="section-asset" src={asset.url} alt={title} />;
  if (asset.contentType.startsWith('video/')) {
    // biome-ignore lint/a11y/useMediaCaption: captions arrive with the upload pipeline's subtitle support
    return <video className="section-asset" src={asset.url} controls aria-label={title} />;
  }
  if (asset.contentType.startsWith('audio/')) {
    // biome-ignore lint/a11y/useMediaCaption: as above
    return <audio src={asset.url} controls aria-label={title} />;
  }
  if (asset.contentType === 'application/pdf') {
    return <iframe className="section-asset pdf" src={asset.url} title={title} />;
  }
  return <a href={asset.url}>Download {asset.fileName}</a>;
}
