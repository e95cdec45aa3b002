/**
 * A Server-Sent Events reader for fetch bodies (text/event-stream, per the WHATWG spec's parsing rules
 * that matter here): events are separated by a blank line, `event:` names one, `data:` lines are joined
 * with newlines, lines starting with `:` are comments, and a chunk may end anywhere, even mid-line.
 */

export interface ServerSentEvent {
  /** `message` when the event named none. */
  event: string;
  data: string;
}

/** Feeds text chunks in, gets whole events out; keeps the unfinished tail between chunks. */
export function createSseParser() {
  let buffer = '';
  let event = '';
  let data: string[] = [];

  function line(text: string, out: ServerSentEvent[]): void {
    if (text === '') {
      if (data.length > 0) out.push({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }

  return {
    push(chunk: string): ServerSentEvent[] {
      buffer += chunk;
      const out: ServerSentEvent[] = [];
      // A lone \r may be the first half of \r\n split across chunks: wait for the next chunk to decide.
      const pattern = /\r\n|\r(?!$)|\n/;
      for (let match = pattern.exec(buffer); match; match = pattern.exec(buffer)) {
        line(buffer.slice(0, match.index), out);
        buffer = buffer.slice(match.index + match[0].length);
      }
      return out;
    },
  };
}

/** The events of a fetch Response body, as they arrive. */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  // One decoder in streaming mode: a UTF-8 character split across chunks is joined, not garbled.
  const decoder = new TextDecoder();
  const parser = createSseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    // A final event without its blank line is discarded, as the spec says: it may be cut off.
  } finally {
    // Left early (the caller stopped) or failed: stop reading, which also closes the connection.
    await reader.cancel().catch(() => undefined);
  }
}
