/**
 * A real HTTP server speaking the OpenAI chat completions protocol (JSON and SSE), for the adapter's
 * tests. Each request takes the next queued behaviour, or answers normally. The contract's long
 * prompt gets a stream that never ends, so only a real abort can finish that test.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { llmContractLongPrompt } from '@diatonic/core/testing';

export type OpenAiWireBehaviour =
  | {
      kind: 'answer';
      text?: string;
      /** false: send no usage at all (as some servers do). */
      usage?: boolean;
      finishReason?: 'stop' | 'length';
      stopReason?: string;
      firstTokenDelayMs?: number;
      /** Stream: end the body after finish_reason without `[DONE]`. */
      omitDone?: boolean;
    }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  /** Stream: send this many chunks, then destroy the socket. */
  | { kind: 'cut'; afterChunks: number }
  /** Stream: send this many chunks, then end the body cleanly, with no finish_reason and no `[DONE]`. */
  | { kind: 'truncate'; afterChunks: number }
  /** Accept and never answer. */
  | { kind: 'hang' };

export interface OpenAiWireServer {
  baseUrl: string;
  /** Parsed bodies of every request received, in order. */
  requests: Array<{ body: Record<string, unknown>; authorization: string | undefined; path: string }>;
  /** Queues behaviours for the next requests. */
  next(...behaviours: OpenAiWireBehaviour[]): void;
  /** How many responses the client abandoned before the server finished them. */
  closedEarly(): number;
  close(): Promise<void>;
}

export const defaultAnswer = 'Red, yellow and blue.';
const defaultUsage = { prompt_tokens: 21, completion_tokens: 6, total_tokens: 27 };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunk(model: string, delta: Record<string, unknown>, finish: string | null, extra = {}) {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    model,
    choices: [{ index: 0, delta, finish_reason: finish, ...extra }],
  })}\n\n`;
}

export async function startOpenAiWireServer(): Promise<OpenAiWireServer> {
  const queue: OpenAiWireBehaviour[] = [];
  const requests: OpenAiWireServer['requests'] = [];
  let closedEarly = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    requests.push({ body, authorization: req.headers.authorization, path: req.url ?? '' });
    let ended = false;
    res.on('close', () => {
      if (!ended) closedEarly++;
    });
    const model = String(body.model);
    const messages = body.messages as Array<{ content: string }>;
    const long = messages.at(-1)?.content === llmContractLongPrompt;
    const behaviour: OpenAiWireBehaviour = queue.shift() ?? { kind: 'answer' };

    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'status') {
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      res.end(JSON.stringify(behaviour.body ?? { error: { message: `status ${behaviour.status}` } }));
      ended = true;
      return;
    }
    if (body.stream !== true) {
      if (behaviour.kind !== 'answer') throw new Error(`${behaviour.kind} needs a stream`);
      await sleep(behaviour.firstTokenDelayMs ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' });
      const choice: Record<string, unknown> = {
        index: 0,
        message: { role: 'assistant', content: behaviour.text ?? defaultAnswer },
        finish_reason: behaviour.finishReason ?? 'stop',
      };
      if (behaviour.stopReason) choice.stop_reason = behaviour.stopReason;
      res.end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          model,
          choices: [choice],
          ...(behaviour.usage === false ? {} : { usage: defaultUsage }),
        }),
      );
      ended = true;
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    if (long) {
      // Never ends by itself: a word every 20 ms until the client goes away.
      while (!res.destroyed && !res.writableEnded) {
        res.write(chunk(model, { content: 'word ' }, null));
        await sleep(20);
      }
      return;
    }
    const text = behaviour.kind === 'answer' ? (behaviour.text ?? defaultAnswer) : defaultAnswer;
    const words = text.match(/\s*\S+/g) ?? [];
    if (behaviour.kind === 'answer') await sleep(behaviour.firstTokenDelayMs ?? 0);
    res.write(chunk(model, { role: 'assistant', content: '' }, null));
    for (const [index, word] of words.entries()) {
      if (behaviour.kind === 'cut' && index >= behaviour.afterChunks) {
        res.socket?.destroy();
        return;
      }
      if (behaviour.kind === 'truncate' && index >= behaviour.afterChunks) {
        ended = true;
        res.end();
        return;
      }
      res.write(chunk(model, { content: word }, null));
      await sleep(1);
    }
    const answer = behaviour.kind === 'answer' ? behaviour : undefined;
    res.write(
      chunk(model, {}, answer?.finishReason ?? 'stop', answer?.stopReason ? { stop_reason: answer.stopReason } : {}),
    );
    if (answer?.usage !== false) {
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-test', model, choices: [], usage: defaultUsage })}\n\n`);
    }
    if (!answer?.omitDone) res.write('data: [DONE]\n\n');
    ended = true;
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    next: (...behaviours) => {
      queue.push(...behaviours);
    },
    closedEarly: () => closedEarly,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
