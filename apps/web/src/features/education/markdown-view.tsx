/** Markdown rendered to HTML with marked, then sanitised with DOMPurify before it reaches the DOM. */
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

export function MarkdownView({ markdown, label }: { markdown: string; label?: string }) {
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(markdown, { async: false })), [markdown]);
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify just above
    <section className="markdown" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
