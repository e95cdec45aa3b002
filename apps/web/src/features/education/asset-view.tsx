/** An uploaded asset shown by its kind: image, video, audio or PDF; anything else as a download link. */
import type { EducationAsset } from '@diatonic/api-schemas';
import { useSignedAssetUrl } from './use-signed-asset-url.ts';

export function AssetView({ asset, title }: { asset: EducationAsset; title: string }) {
  const src = useSignedAssetUrl(asset.url);
  if (!src) return <p className="meta">Loading {asset.fileName}…</p>;
  if (asset.contentType.startsWith('image/')) return <img className="section-asset" src={src} alt={title} />;
  if (asset.contentType.startsWith('video/')) {
    // The signed URL answers Range requests (206), so the player can seek without downloading it all.
    // biome-ignore lint/a11y/useMediaCaption: captions arrive with the upload pipeline's subtitle support
    return <video className="section-asset" src={src} controls preload="metadata" aria-label={title} />;
  }
  if (asset.contentType.startsWith('audio/')) {
    // biome-ignore lint/a11y/useMediaCaption: as above
    return <audio src={src} controls aria-label={title} />;
  }
  if (asset.contentType === 'application/pdf') {
    // Embedded where the browser has a PDF viewer; the link opens it in a tab (or downloads it) anywhere.
    return (
      <div className="section-pdf">
        <iframe className="section-asset pdf" src={src} title={title} />
        <p>
          <a href={src} target="_blank" rel="noopener">
            Open {asset.fileName}
          </a>
          {asset.pageCount !== undefined ? (
            <span className="meta">
              {' '}
              ({asset.pageCount} page{asset.pageCount === 1 ? '' : 's'})
            </span>
          ) : null}
        </p>
      </div>
    );
  }
  return <a href={src}>Download {asset.fileName}</a>;
}

/** A link to an uploaded file (e.g. a module's PDF), through its short-lived signed URL. */
export function AssetLink({ asset }: { asset: EducationAsset }) {
  const src = useSignedAssetUrl(asset.url);
  const pages = asset.pageCount !== undefined ? `, ${asset.pageCount} page${asset.pageCount === 1 ? '' : 's'}` : '';
  return src ? (
    <>
      <a href={src} target="_blank" rel="noopener">
        {asset.fileName}
      </a>
      <span className="meta">
        {' '}
        ({asset.contentType === 'application/pdf' ? 'PDF' : asset.contentType}
        {pages})
      </span>
    </>
  ) : (
    <span className="meta">{asset.fileName}…</span>
  );
}

/** A module's thumbnail (decorative: the title is next to it). */
export function ModuleThumbnail({ url }: { url: string | null | undefined }) {
  const src = useSignedAssetUrl(url);
  return src ? <img src={src} alt="" className="module-thumbnail" /> : null;
}
