/**
 * A local HTTP server speaking the SQS JSON protocol (AwsJson1_0, `X-Amz-Target: AmazonSQS.<Action>`)
 * for SendMessage, so the adapter's tests run the real SDK client, its signing and its MD5 check.
 * Each request takes the next queued behaviour, or is accepted and recorded.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SqsWireBehaviour =
  | { kind: 'accept' }
  /** An AWS JSON error, e.g. 400 `AWS.SimpleQueueService.NonExistentQueue` or 500 `InternalError`. */
  | { kind: 'error'; status: number; errorType: string; message?: string }
  /** Answer with a body MD5 that does not match (the SDK must reject it). */
  | { kind: 'badMd5' };

export interface SqsWireMessage {
  target: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface SqsWireServer {
  endpoint: string;
  queueUrl: (name?: string) => string;
  /** Every request received, in order. */
  requests: SqsWireMessage[];
  /** The messages actually accepted (SendMessage requests answered with success). */
  accepted: Array<{ MessageBody: string; DelaySeconds?: number } & Record<string, unknown>>;
  next(...behaviours: SqsWireBehaviour[]): void;
  close(): Promise<void>;
}

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

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(body));
}

export async function startSqsWireServer(): Promise<SqsWireServer> {
  const requests: SqsWireMessage[] = [];
  const accepted: SqsWireServer['accepted'] = [];
  const queued: SqsWireBehaviour[] = [];
  const server: Server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {}
    requests.push({ target, body, authorization: req.headers.authorization });
    if (req.method !== 'POST' || !String(req.headers['content-type']).startsWith('application/x-amz-json-1.0')) {
      answer(res, 400, { __type: 'com.amazon.coral.service#SerializationException', message: 'Expected AwsJson1_0' });
      return;
    }
    if (target !== 'AmazonSQS.SendMessage') {
      answer(res, 400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: target });
      return;
    }
    const behaviour = queued.shift() ?? { kind: 'accept' };
    if (behaviour.kind === 'error') {
      answer(res, behaviour.status, {
        __type: `com.amazonaws.sqs#${behaviour.errorType}`,
        message: behaviour.message ?? behaviour.errorType,
      });
      return;
    }
    const messageBody = String(body.MessageBody ?? '');
    const md5 = createHash('md5').update(messageBody, 'utf8').digest('hex');
    if (behaviour.kind === 'accept') accepted.push(body as SqsWireServer['accepted'][number]);
    answer(res, 200, {
      MessageId: randomUUID(),
      MD5OfMessageBody: behaviour.kind === 'badMd5' ? '0'.repeat(32) : md5,
      ...(typeof body.MessageGroupId === 'string' ? { SequenceNumber: String(accepted.length) } : {}),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    queueUrl: (name = 'jobs') => `${endpoint}/000000000000/${name}`,
    requests,
    accepted,
    next: (...behaviours) => {
      queued.push(...behaviours);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
