import { isAppError, type MediaKind, type MediaSource } from '@diatonic/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createMediaInspector, thumbnailMaxSide } from './media-inspector.ts';
import { sampleElf, sampleExe, sampleMp4, samplePdf, samplePng, sampleWav, sampleZip } from './sample-files.ts';

const inspector = createMediaInspector();

function source(bytes: Uint8Array, contentType: string): MediaSource {
  return {
    contentType,
    sizeBytes: bytes.length,
    read: async () => bytes,
    readRange: async (start, end) => bytes.slice(start, end + 1),
    stream: async () => new Response(bytes.slice()).body!,
  };
}

describe('media inspector', () => {
  it('sniffs types from magic bytes, whatever the file claims to be', async () => {
    expect(await inspector.sniff(await samplePng(4, 4))).toEqual({ mime: 'image/png', ext: 'png' });
    expect((await inspector.sniff(samplePdf()))?.mime).toBe('application/pdf');
    expect((await inspector.sniff(sampleWav()))?.mime).toMatch(/^audio\/(wav|x-wav|vnd\.wave)$/);
    expect((await inspector.sniff(sampleMp4()))?.mime).toBe('video/mp4');
    expect((await inspector.sniff(sampleExe()))?.mime).toBe('application/x-msdownload');
    expect((await inspector.sniff(sampleElf()))?.mime).toBe('application/x-elf');
    expect((await inspector.sniff(sampleZip()))?.mime).toBe('application/zip');
    expect(await inspector.sniff(new TextEncoder().encode('# Just markdown\n\nText.'))).toBeUndefined();
  });

  it('reads image dimensions and makes a WebP thumbnail no larger than 320 px', async () => {
    const png = source(await samplePng(1000, 500), 'image/png');
    expect(await inspector.metadata('image', png)).toEqual({ width: 1000, height: 500 });
    const thumb = await inspector.thumbnail('image', png);
    expect(thumb).toMatchObject({ contentType: 'image/webp', width: thumbnailMaxSide, height: 160 });
    expect((await sharp(thumb!.bytes).metadata()).format).toBe('webp');
    const small = await inspector.thumbnail('image', source(await samplePng(40, 30), 'image/png'));
    expect(small).toMatchObject({ width: 40, height: 30 });
  });

  it('reads audio and video durations', async () => {
    expect(await inspector.metadata('audio', source(sampleWav(3), 'audio/wav'))).toEqual({ durationSeconds: 3 });
    expect(await inspector.metadata('video', source(sampleMp4(7), 'video/mp4'))).toEqual({ durationSeconds: 7 });
    const moovLast = sampleMp4(42, { mediaBytesBefore: 100_000 });
    expect(await inspector.metadata('video', source(moovLast, 'video/mp4'))).toEqual({ durationSeconds: 42 });
  });

  it('counts PDF pages and words, extracts their text and draws the first page as a thumbnail', async () => {
    const pdf = source(samplePdf(['First page text', 'Second page', 'Third']), 'application/pdf');
    const meta = await inspector.metadata('pdf', pdf);
    expect(meta.pageCount).toBe(3);
    expect(meta.wordCount).toBe(6);
    expect(meta.text).toContain('First page text');
    expect(meta.text).toContain('Third');
    const thumbnail = await inspector.thumbnail('pdf', pdf);
    expect(thumbnail?.contentType).toBe('image/webp');
    expect(Math.max(thumbnail?.width ?? 0, thumbnail?.height ?? 0)).toBeGreaterThan(100);
    // A real WebP, not a placeholder: RIFF….WEBP.
    expect(new TextDecoder().decode(thumbnail?.bytes.slice(8, 12))).toBe('WEBP');
    // The page's text is drawn: some pixels are dark, not a blank white page.
    const { channels } = await sharp(thumbnail?.bytes).stats();
    expect(Math.min(...channels.slice(0, 3).map((c) => c.min))).toBeLessThan(100);
  });

  it('reports files that do not parse as unprocessable', async () => {
    const broken = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    for (const [kind, bytes, type] of [
      ['image', broken, 'image/png'],
      ['pdf', new TextEncoder().encode('%PDF-1.4 nonsense'), 'application/pdf'],
    ] as [MediaKind, Uint8Array, string][]) {
      const error = await inspector.metadata(kind, source(bytes, type)).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('unprocessable');
    }
  });
});
