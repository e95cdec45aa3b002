/**
 * A small server speaking the OpenAI chat completions stream (`POST /v1/chat/completions` with
 * `stream: true`), so the browser tests can use a priced catalog model without a real provider: the
 * platform is started with LLM_PROVIDER=openai-compatible pointing here. Words arrive with a pause
 * between them, so the page visibly renders token by token; a prompt containing "forever" streams until
 * the client goes away (for the Stop button). The usage it reports is set by the test, which is how a test
 * makes a call cost a known amount. (apps/web may not import the adapters' own test server, so this is a
 * separate, smaller one.)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.ts';

export interface FakeModelServer {
  baseUrl: string;
  /** Reported as the usage of every following call. */
  usage: { prompt_tokens: number; completion_tokens: number };
  /** Requests the client abandoned before the answer ended. */
  closedEarly(): number;
  requests(): number;
  close(): Promise<void>;
}

export const fakeAnswer = 'Red, yellow and blue are the three primary colours of paint.';
const wordPauseMs = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const event = (model: string, delta: Record<string, unknown>, finish: string | null) =>
  `data: ${JSON.stringify({ id: 'fake', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

export async function startFakeModelServer(): Promise<FakeModelServer> {
  let closedEarly = 0;
  let requests = 0;
  const state: FakeModelServer['usage'] = { prompt_tokens: 20, completion_tokens: 12 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse(await readBody(req)) as {
      model: string;
      stream?: boolean;
      messages: { content: string }[];
    };
    requests++;
    let ended = false;
    res.on('close', () => {
      if (!ended) closedEarly++;
    });
    const usage = { ...state, total_tokens: state.prompt_tokens + state.completion_tokens };
    if (body.stream !== true) {
      ended = true;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'fake',
          object: 'chat.completion',
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: fakeAnswer }, finish_reason: 'stop' }],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    res.write(event(body.model, { role: 'assistant', content: '' }, null));
    if (body.messages.at(-1)?.content.includes('forever')) {
      while (!res.destroyed && !res.writableEnded) {
        res.write(event(body.model, { content: 'word ' }, null));
        await sleep(wordPauseMs);
      }
      return;
    }
    for (const word of fakeAnswer.match(/\s*\S+/g) ?? []) {
      if (res.destroyed) return;
      res.write(event(body.model, { content: word }, null));
      await sleep(wordPauseMs);
    }
    res.write(event(body.model, {}, 'stop'));
    res.write(`data: ${JSON.stringify({ id: 'fake', model: body.model, choices: [], usage })}\n\n`);
    res.write('data: [DONE]\n\n');
    ended = true;
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    usage: state,
    closedEarly: () => closedEarly,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
