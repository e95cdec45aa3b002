/** An uploaded asset shown by its kind: image, video, audio or PDF; anything else as a download link. */
import type { EducationAsset } from '@diatonic/api-schemas';
import { useSignedAssetUrl } from './use-signed-asset-url.ts';

export function AssetView({ asset, title }: { asset: EducationAsset; title: string }) {
  const src = useSignedAssetUrl(asset.url);
  if (!src) return <p className="meta">Loading {asset.fileName}…</p>;
  if (asset.contentType.startsWith('image/')) return <img className="section-asset" src={src} alt={title} />;
  if (asset.contentType.startsWith('video/')) {
    // biome-ignore lint/a11y/useMediaCaption: captions arrive with the upload pipeline's subtitle support
    return <video className="section-asset" src={src} controls aria-label={title} />;
  }
  if (asset.contentType.startsWith('audio/')) {
    // biome-ignore lint/a11y/useMediaCaption: as above
    return <audio src={src} controls aria-label={title} />;
  }
  if (asset.contentType === 'application/pdf') {
    return <iframe className="section-asset pdf" src={src} title={title} />;
  }
  return <a href={src}>Download {asset.fileName}</a>;
}

/** A module's thumbnail (decorative: the title is next to it). */
export function ModuleThumbnail({ url }: { url: string | null | undefined }) {
  const src = useSignedAssetUrl(url);
  return src ? <img src={src} alt="" className="module-thumbnail" /> : null;
}
