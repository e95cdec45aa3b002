import { describe, expect, it } from 'vitest';
import { hotRank } from './hot-score.ts';
import { extractLinks, extractMentions, renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it.each([
    ['<script>alert(1)</script>', /<script/i],
    ['[x](javascript:alert(1))', /javascript:/i],
    ['[x](JaVaScRiPt:alert(1))', /javascript:/i],
    ['<a href="javascript:alert(1)">x</a>', /<a /i],
    ['<img src=x onerror=alert(1)>', /<img/i],
    ['![x](javascript:alert(1))', /javascript:/i],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ['<div style="position:fixed">x</div>', /<div/i],
    ['[x](vbscript:msgbox)', /vbscript:/i],
  ])('neutralises %s', async (source, forbidden) => {
    expect(await renderMarkdown(source)).not.toMatch(forbidden);
  });

  it('keeps ordinary markdown', async () => {
    const html = await renderMarkdown(
      '**bold** _it_ `code`\n\n- a\n- b\n\n```ts\nconst x = 1;\n```\n\n![alt](https://img.example/x.png)',
    );
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<li>a</li>');
    expect(html).toContain('<code class="language-ts">');
    expect(html).toContain('<img src="https://img.example/x.png" alt="alt" />');
  });

  it('finds links and mentions', async () => {
    expect(
      await extractLinks('see https://a.example and [b](https://b.example) ![i](https://c.example/i.png)'),
    ).toEqual(['https://a.example', 'https://b.example', 'https://c.example/i.png']);
    expect(extractMentions('hi @usr_01JGZ000000000000000000001 and email a@usr_01JGZ000000000000000000002')).toEqual([
      'usr_01JGZ000000000000000000001',
    ]);
  });
});

describe('hotRank (Lemmy)', () => {
  const now = Date.UTC(2026, 0, 10);
  it('decays with age, grows with reactions, and is 0 after 7 days or in the future', () => {
    expect(hotRank(0, now, now)).toBeCloseTo(Math.log10(2) / 2 ** 1.8);
    expect(hotRank(10, now, now)).toBeGreaterThan(hotRank(1, now, now));
    expect(hotRank(10, now - 3_600_000, now)).toBeLessThan(hotRank(10, now, now));
    expect(hotRank(100, now - 8 * 86_400_000, now)).toBe(0);
    expect(hotRank(100, now + 60_000, now)).toBe(0);
  });
});
