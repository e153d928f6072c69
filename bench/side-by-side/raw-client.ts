/**
 * A lean HTTP/1.1 keep-alive POST client for the async figures: pre-built request bytes on raw
 * sockets and a response parser that reads only the status line and Content-Length. undici's
 * `request` costs this machine about 0.5 ms of CPU per call, as much as SlimFaas's whole async
 * path, so with it the load generator, not SlimFaas, set the burst rate on two cores.
 */
import { connect, type Socket } from 'node:net';

interface Pending {
  bytes: Buffer;
  resolve: (status: number) => void;
  reject: (error: Error) => void;
}

interface Conn {
  socket: Socket;
  busy: Pending | null;
  buffer: string;
}

export class RawClient {
  private readonly host: string;
  private readonly port: number;
  private readonly idle: Conn[] = [];
  private readonly queue: Pending[] = [];
  private open = 0;

  constructor(url: string, private readonly maxSockets: number) {
    const { hostname, port } = new URL(url);
    this.host = hostname;
    this.port = Number(port);
  }

  /** POSTs `body` to `path` with `headers`; resolves with the status once the whole response is read. */
  post(path: string, headers: Record<string, string>, body: string): Promise<number> {
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    const bytes = Buffer.from(`POST ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, 'latin1');
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.pump();
    });
  }

  close(): void {
    for (const conn of this.idle.splice(0)) conn.socket.destroy();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const conn = this.idle.pop() ?? (this.open < this.maxSockets ? this.connect() : null);
      if (!conn) return;
      const next = this.queue.shift()!;
      conn.busy = next;
      conn.socket.write(next.bytes);
    }
  }

  private connect(): Conn {
    this.open++;
    const socket = connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    const conn: Conn = { socket, busy: null, buffer: '' };
    socket.on('data', (chunk: string) => {
      conn.buffer += chunk;
      const end = conn.buffer.indexOf('\r\n\r\n');
      if (end < 0 || !conn.busy) return;
      const head = conn.buffer.slice(0, end);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (conn.buffer.length < end + 4 + length) return;
      conn.buffer = conn.buffer.slice(end + 4 + length);
      const done = conn.busy;
      conn.busy = null;
      if (/\r\nconnection: *close/i.test(head)) socket.destroy();
      else this.idle.push(conn);
      done.resolve(Number(head.slice(9, 12)));
      this.pump();
    });
    let closed = false;
    const fail = (error?: Error) => {
      if (closed) return;
      closed = true;
      this.open--;
      const i = this.idle.indexOf(conn);
      if (i >= 0) this.idle.splice(i, 1);
      if (conn.busy) conn.busy.reject(error ?? new Error('connection closed'));
      conn.busy = null;
      this.pump();
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    return conn;
  }
}
