/**
 * A minimal HTTP/1.1 keep-alive client for the paced load: one request at a time per socket (no
 * pipelining, like autocannon), at most `connections` sockets, requests beyond that queued in order.
 *
 * Why not node:http: its client costs the load generator more per request than the bare server spends
 * answering it. At the rates half of the platform's capacity asks for (8,000–11,000 GET /api/health a
 * second) the generator fell behind by seconds while the server under test used half a core, so the
 * "server's" p99 measured the client. Here a request is one write of pre-built bytes and a response is
 * found by its Content-Length (or its chunks): a few microseconds.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
}

interface Pending {
  bytes: Buffer;
  resolve(response: RawResponse): void;
  reject(error: Error): void;
}

interface Connection {
  socket: Socket;
  current: Pending | undefined;
  buffer: Buffer;
  /** performance.now() when it last went idle. */
  idleSinceMs: number;
}

/**
 * A socket idle this long is closed instead of reused: node:http servers close keep-alive sockets after
 * 5 s idle (`keepAliveTimeout`), and a request written as the server closes one fails as a socket error
 * (seen in paced runs: a burst reaches the bottom of the idle stack, last used seconds earlier).
 */
const maxIdleMs = 4_000;

const headerEnd = Buffer.from('\r\n\r\n');
const lineEnd = Buffer.from('\r\n');

export interface RawHttpPool {
  request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse>;
  close(): void;
}

export function createRawHttpPool(baseUrl: string, connections: number, timeoutMs: number): RawHttpPool {
  const { hostname, port } = new URL(baseUrl);
  const idle: Connection[] = [];
  const queue: Pending[] = [];
  const open = new Set<Connection>();

  const settle = (connection: Connection, outcome: RawResponse | Error) => {
    const pending = connection.current;
    connection.current = undefined;
    if (!pending) return;
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  };

  const next = (connection: Connection) => {
    const pending = queue.shift();
    if (!pending) {
      connection.idleSinceMs = performance.now();
      idle.push(connection);
      return;
    }
    connection.current = pending;
    connection.socket.write(pending.bytes);
  };

  /** Takes complete responses off the front of the buffer; the status of one, or undefined if incomplete. */
  const parse = (connection: Connection): number | undefined => {
    const buffer = connection.buffer;
    const end = buffer.indexOf(headerEnd);
    if (end < 0) return undefined;
    const head = buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let consumed: number;
    if (length) {
      consumed = end + 4 + Number(length[1]);
      if (buffer.length < consumed) return undefined;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      let at = end + 4;
      for (;;) {
        const eol = buffer.indexOf(lineEnd, at);
        if (eol < 0) return undefined;
        const size = Number.parseInt(buffer.toString('latin1', at, eol), 16);
        at = eol + 2 + size + 2;
        if (buffer.length < at) return undefined;
        if (size === 0) break;
      }
      consumed = at;
    } else {
      consumed = end + 4;
    }
    connection.buffer = buffer.subarray(consumed);
    return status;
  };

  const connectOne = (first: Pending) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setNoDelay(true);
    const connection: Connection = { socket, current: first, buffer: Buffer.alloc(0), idleSinceMs: 0 };
    open.add(connection);
    socket.write(first.bytes);
    socket.on('data', (chunk: Buffer) => {
      connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
      const status = parse(connection);
      if (status === undefined) return;
      settle(connection, { status });
      next(connection);
    });
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      open.delete(connection);
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      settle(connection, error);
      // Whatever waits gets a fresh socket.
      const waiting = queue.shift();
      if (waiting) connectOne(waiting);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  };

  return {
    request(method, path, headers, body) {
      const lines = [`${method} ${path} HTTP/1.1`, `host: ${hostname}:${port}`];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      if (body !== undefined) lines.push(`content-length: ${Buffer.byteLength(body)}`);
      const bytes = Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
      return new Promise<RawResponse>((resolve, reject) => {
        const timer = setTimeout(() => {
          // The socket that holds it is poisoned for later responses: close it.
          for (const connection of open) if (connection.current === pending) connection.socket.destroy();
          reject(new Error('timeout'));
        }, timeoutMs);
        const pending: Pending = {
          bytes,
          resolve: (response) => {
            clearTimeout(timer);
            resolve(response);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        let connection = idle.pop();
        while (connection && performance.now() - connection.idleSinceMs > maxIdleMs) {
          open.delete(connection);
          connection.socket.destroy();
          connection = idle.pop();
        }
        if (connection) {
          connection.current = pending;
          connection.socket.write(bytes);
        } else if (open.size < connections) connectOne(pending);
        else queue.push(pending);
      });
    },
    close() {
      for (const connection of open) connection.socket.destroy();
      open.clear();
      idle.length = 0;
    },
  };
}
