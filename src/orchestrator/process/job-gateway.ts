/**
 * One job run's loopback gateway (platform.md §2.4.11): forwards each TCP connection to the
 * entrypoint, rewriting only the first request head (job headers signed, `Connection: close`);
 * heads above 64 KiB get 431, malformed ones 400, an unreachable entrypoint 502. `close()`
 * destroys every connection it carries.
 */
import net from 'node:net';
import { MAX_HEAD_BYTES, findHeadEnd, rewriteRequestHead } from './job-request-head.js';
import { jobRunSignature } from './job-signature.js';

/** How long a refused client may take to read the error response before its socket is destroyed. */
const LINGER_MS = 2000;

const raw = (status: string): string => `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;

export interface JobGatewayOptions {
  runName: string;
  /** HMAC key of `X-SlimFaas-Job-Signature`. */
  token: string;
  /** The entrypoint port on 127.0.0.1. */
  targetPort: number;
}

export class JobGateway {
  private readonly sockets = new Set<net.Socket>();
  private readonly signature: string;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly server: net.Server,
    private readonly o: JobGatewayOptions,
    readonly port: number,
  ) {
    this.signature = jobRunSignature(o.runName, o.token);
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on a random port of 127.0.0.1. */
  static open(o: JobGatewayOptions): Promise<JobGateway> {
    const server = net.createServer({ allowHalfOpen: true });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(new JobGateway(server, o, (server.address() as net.AddressInfo).port));
      });
    });
  }

  /** Stops listening and destroys every open connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    if (this.closing) socket.destroy();
  }

  private accept(client: net.Socket): void {
    this.track(client);
    client.setNoDelay(true);
    client.on('error', () => client.destroy());
    let buffered: Buffer = Buffer.alloc(0);
    let reading = true;
    const onData = (chunk: Buffer): void => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const end = findHeadEnd(buffered);
      if (end === null && buffered.length <= MAX_HEAD_BYTES + 4) return;
      reading = false;
      client.pause();
      client.off('data', onData);
      if (end === null || end.headLength > MAX_HEAD_BYTES) {
        this.refuse(client, '431 Request Header Fields Too Large');
        return;
      }
      const head = rewriteRequestHead(buffered.subarray(0, end.headLength).toString('latin1'), this.o.runName, this.signature);
      if (!head.ok) {
        this.refuse(client, '400 Bad Request');
        return;
      }
      this.forward(client, Buffer.concat([Buffer.from(head.head, 'latin1'), buffered.subarray(end.bodyStart)]));
    };
    client.on('data', onData);
    // Gone before its head was complete: nothing to forward.
    client.once('end', () => {
      if (reading) client.destroy();
    });
  }

  /** Answers `status`, discards whatever the client still sends, closes. */
  private refuse(client: net.Socket, status: string): void {
    client.end(raw(status));
    client.on('data', () => undefined);
    client.resume();
    setTimeout(() => client.destroy(), LINGER_MS).unref();
  }

  private forward(client: net.Socket, first: Buffer): void {
    const upstream = net.connect({ host: '127.0.0.1', port: this.o.targetPort, allowHalfOpen: true, noDelay: true });
    this.track(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.on('error', () => {
      if (!connected && !client.destroyed) this.refuse(client, '502 Bad Gateway');
      else client.destroy();
      upstream.destroy();
    });
    client.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
  }
}
