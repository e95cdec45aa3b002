/**
 * A local cleartext HTTP/2 server speaking Bedrock's Converse (JSON) and ConverseStream (binary
 * event stream, encoded with @smithy/eventstream-codec) protocols, so the adapter's tests run the
 * real SDK client and its production HTTP/2 handler. Each request takes the next queued behaviour,
 * or answers normally; the contract's long prompt gets a stream that never ends by itself.
 */
import { constants, createServer, type Http2Server, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { llmContractLongPrompt } from '@diatonic/core/testing';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

export type BedrockWireBehaviour =
  | { kind: 'answer'; text?: string; stopReason?: string; firstTokenDelayMs?: number }
  /** An error response with Bedrock's error type header, e.g. 429 ThrottlingException. */
  | { kind: 'error'; status: number; errorType: string; message?: string }
  /** Stream: send this many deltas, then reset the HTTP/2 stream. */
  | { kind: 'cut'; afterChunks: number }
  /** Stream: send this many deltas, then end cleanly without messageStop and metadata. */
  | { kind: 'truncate'; afterChunks: number }
  /** Stream: send this many deltas, then an exception frame. */
  | { kind: 'streamException'; afterChunks: number; exceptionType: string }
  | { kind: 'hang' };

export interface BedrockWireRequest {
  path: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface BedrockWireServer {
  endpoint: string;
  requests: BedrockWireRequest[];
  next(...behaviours: BedrockWireBehaviour[]): void;
  /** How many responses the client abandoned before the server finished them. */
  closedEarly(): number;
  close(): Promise<void>;
}

export const bedrockDefaultAnswer = 'Red, yellow and blue.';
export const bedrockDefaultUsage = { inputTokens: 19, outputTokens: 7, totalTokens: 26 };

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function frame(kind: 'event' | 'exception', type: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: kind },
      [kind === 'event' ? ':event-type' : ':exception-type']: { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(body)),
  });
}

function readBody(stream: ServerHttp2Stream): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      data += chunk;
    });
    stream.on('end', () => resolve(data));
    stream.on('error', reject);
  });
}

export async function startBedrockWireServer(): Promise<BedrockWireServer> {
  const queue: BedrockWireBehaviour[] = [];
  const requests: BedrockWireRequest[] = [];
  let closedEarly = 0;

  async function handle(stream: ServerHttp2Stream, path: string, authorization: string | undefined) {
    const body = JSON.parse(await readBody(stream)) as Record<string, unknown>;
    requests.push({ path, body, authorization });
    let ended = false;
    stream.on('close', () => {
      if (!ended) closedEarly++;
    });
    const finish = (data?: string | Uint8Array) => {
      ended = true;
      stream.end(data);
    };
    const behaviour = queue.shift() ?? { kind: 'answer' };
    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'error') {
      stream.respond({
        ':status': behaviour.status,
        'content-type': 'application/json',
        'x-amzn-errortype': `${behaviour.errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
        'x-amzn-requestid': 'req-test',
      });
      finish(JSON.stringify({ message: behaviour.message ?? `${behaviour.errorType} from the test server` }));
      return;
    }
    const messages = body.messages as Array<{ content: Array<{ text: string }> }>;
    const long = messages.at(-1)?.content[0]?.text === llmContractLongPrompt;
    const answer = behaviour.kind === 'answer' ? behaviour : undefined;
    const text = answer?.text ?? bedrockDefaultAnswer;
    const stopReason = answer?.stopReason ?? 'end_turn';
    await sleep(answer?.firstTokenDelayMs ?? 0);

    if (!path.endsWith('/converse-stream')) {
      stream.respond({ ':status': 200, 'content-type': 'application/json', 'x-amzn-requestid': 'req-test' });
      finish(
        JSON.stringify({
          output: { message: { role: 'assistant', content: [{ text }] } },
          stopReason,
          usage: bedrockDefaultUsage,
          metrics: { latencyMs: 5 },
        }),
      );
      return;
    }

    stream.respond({
      ':status': 200,
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': 'req-test',
    });
    const write = (bytes: Uint8Array) => {
      if (!stream.destroyed && !stream.closed) stream.write(bytes);
    };
    write(frame('event', 'messageStart', { role: 'assistant' }));
    if (long) {
      while (!stream.destroyed && !stream.closed) {
        write(frame('event', 'contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'word ' } }));
        await sleep(20);
      }
      return;
    }
    const words = text.match(/\s*\S+/g) ?? [];
    for (const [index, word] of words.entries()) {
      if (behaviour.kind !== 'answer' && index >= behaviour.afterChunks) {
        if (behaviour.kind === 'cut') stream.close(constants.NGHTTP2_INTERNAL_ERROR);
        else if (behaviour.kind === 'truncate') finish();
        else {
          write(frame('exception', behaviour.exceptionType, { message: 'the model failed mid-stream' }));
          finish();
        }
        return;
      }
      write(frame('event', 'contentBlockDelta', { contentBlockIndex: 0, delta: { text: word } }));
      await sleep(1);
    }
    write(frame('event', 'contentBlockStop', { contentBlockIndex: 0 }));
    write(frame('event', 'messageStop', { stopReason }));
    write(frame('event', 'metadata', { usage: bedrockDefaultUsage, metrics: { latencyMs: 5 } }));
    finish();
  }

  const server: Http2Server = createServer();
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path'] ?? '');
    handle(stream, path, headers.authorization as string | undefined).catch(() => {
      stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    });
  });
  server.on('sessionError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sessions = new Set<import('node:http2').ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    next: (...behaviours) => {
      queue.push(...behaviours);
    },
    closedEarly: () => closedEarly,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
