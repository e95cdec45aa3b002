/**
 * Renders markdown the server already sanitised (`contentHtml`) or the composer's preview, passing it
 * through DOMPurify in the browser as well: a second, independent filter before anything reaches the DOM.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

export function sanitize(html: string): string {
  return DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'form'], FORBID_ATTR: ['style'] });
}

/** The composer's preview: raw HTML typed by the author is escaped, as the server does. */
export function previewMarkdown(markdown: string): string {
  const escaped = markdown.replace(/</g, '&lt;');
  return sanitize(marked.parse(escaped, { async: false }) as string);
}

export function SafeHtml({ html, className }: { html: string; className?: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server and again by DOMPurify above
  return <div className={className} dangerouslySetInnerHTML={{ __html: sanitize(html) }} />;
}
