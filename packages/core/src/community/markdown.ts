/**
 * Markdown → safe HTML, server-side, once per write (the result is stored as `contentHtml`).
 * Two layers: raw HTML in the source is escaped by marked's renderer (it shows as text, never as
 * markup), then sanitize-html keeps an allow-list of tags and only http(s)/mailto links, so a
 * `javascript:` URL, an event handler or a <script> cannot reach a reader whatever marked emits.
 *
 * marked and sanitize-html (with postcss, htmlparser2…) are imported on the first write that needs them,
 * not at module load: together they are a large share of what an API cold start would otherwise parse
 * and run, and only post and comment writes use them.
 */
import type { Marked as MarkedType, Token, Tokens } from 'marked';
import type sanitizeHtmlType from 'sanitize-html';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Renderer {
  marked: MarkedType;
  sanitizeHtml: typeof sanitizeHtmlType;
  sanitizeOptions: sanitizeHtmlType.IOptions;
}

let loading: Promise<Renderer> | undefined;

/** Imports both libraries once; a failed import is retried on the next call. */
function loadRenderer(): Promise<Renderer> {
  loading ??= Promise.all([import('marked'), import('sanitize-html')]).then(
    ([{ Marked }, { default: sanitizeHtml }]) => ({
      marked: new Marked({
        gfm: true,
        breaks: false,
        async: false,
        renderer: {
          // Raw HTML blocks and inline tags are shown as typed, not interpreted.
          html(token: Tokens.HTML | Tokens.Tag) {
            return escapeHtml(token.text);
          },
        },
      }),
      sanitizeHtml,
      sanitizeOptions: sanitizeOptionsWith(sanitizeHtml),
    }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** A long-running server's start-up warm-up (entry/node-server.ts), so no write waits for the import. */
export async function warmMarkdown(): Promise<void> {
  await loadRenderer();
}

const sanitizeOptionsWith = (sanitizeHtml: typeof sanitizeHtmlType): sanitizeHtmlType.IOptions => ({
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    'del',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
    input: ['type', 'checked', 'disabled'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  allowedClasses: { code: [/^language-[\w-]+$/] },
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer ugc', target: '_blank' }),
  },
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
});

export async function renderMarkdown(markdown: string): Promise<string> {
  const { marked, sanitizeHtml, sanitizeOptions } = await loadRenderer();
  const html = marked.parse(markdown, { async: false }) as string;
  return sanitizeHtml(html, sanitizeOptions);
}

/** Every link and image target written in the markdown (autolinks included), for moderation's link limits. */
export async function extractLinks(markdown: string): Promise<string[]> {
  const { marked } = await loadRenderer();
  const links = new Set<string>();
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if ((token.type === 'link' || token.type === 'image') && 'href' in token) links.add(String(token.href));
      const nested = token as { tokens?: Token[]; items?: Token[] };
      if (nested.tokens) walk(nested.tokens);
      if (nested.items) walk(nested.items);
    }
  };
  walk(marked.lexer(markdown));
  return [...links];
}

/** Mentions are written `@usr_…` (the composer inserts them); other @words are plain text. */
const mentionPattern = /(?<![\w@])@(usr_[0-9A-Z]{26})(?![0-9A-Za-z_])/g;

export function extractMentions(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(mentionPattern)].map((match) => match[1]!))];
}

/** Turns `@usr_…` of known members into profile links before rendering; unknown ids stay as typed. */
export function linkMentions(markdown: string, names: ReadonlyMap<string, string>): string {
  return markdown.replace(mentionPattern, (whole, userId: string) => {
    const name = names.get(userId);
    if (!name) return whole;
    const label = name.replace(/[[\]\\]/g, '');
    return `[@${label}](/community/users/${userId})`;
  });
}
