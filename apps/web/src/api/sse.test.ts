import { describe, expect, it } from 'vitest';
import { createSseParser, readServerSentEvents } from './sse.ts';

describe('SSE parsing', () => {
  it('joins events split anywhere across chunks, including inside \\r\\n', () => {
    const parser = createSseParser();
    const text = 'event: token\r\ndata: {"text":"Hel"}\r\n\r\n: comment\r\nevent: token\r\ndata: {"text":"lo"}\r\n\r\n';
    const events = [];
    for (const char of text) events.push(...parser.push(char));
    expect(events).toEqual([
      { event: 'token', data: '{"text":"Hel"}' },
      { event: 'token', data: '{"text":"lo"}' },
    ]);
  });

  it('joins multi-line data, defaults the name to message, and skips events without data', () => {
    const parser = createSseParser();
    expect(parser.push('data: a\ndata:b\n\nevent: ping\n\nevent: done\ndata: {}\n\n')).toEqual([
      { event: 'message', data: 'a\nb' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('reads a fetch body and drops a final event that was cut off', async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('event: token\ndata: {"text":"x"}\n\nevent: do'));
        controller.enqueue(encoder.encode('ne\ndata: {}'));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readServerSentEvents(body)) events.push(event);
    expect(events).toEqual([{ event: 'token', data: '{"text":"x"}' }]);
  });
});
