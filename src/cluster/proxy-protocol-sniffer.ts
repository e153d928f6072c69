/**
 * Puts PROXY protocol v2 acceptance in front of a server's 'connection' handling: each new socket's
 * first bytes are read once; a connection without the v2 signature is handed over unchanged (its
 * own peer address stands); one with a header whose SlimFaas TLV verifies is handed over with the
 * header stripped and `remoteAddress`/`remotePort`/`remoteFamily` set to the header's source; any
 * other header (unsigned, forged, malformed, or incomplete within the timeout) closes the
 * connection; a connection that sends nothing within the timeout gets the HTTP server's `408`. Once handed over, the socket is the HTTP server's own: nothing stays in the path.
 */
import type { Server, Socket } from 'node:net';
import { RateLimitedLog, type Logger } from '../logging.js';
import { parseProxyHeader, verifyProxyHeader, type ProxyHeader } from './proxy-protocol.js';

export interface ProxyProtocolOptions {
  /** Key of the header's HMAC TLV (the cluster secret). */
  secret: string;
  /** A started header must be complete within this delay (default 10 s). */
  headerTimeoutMs?: number;
  /** Told of each refused connection (rate-limit it: a client can cause many). */
  onRefused?: (reason: string, socket: Socket) => void;
}

type ConnectionListener = (socket: Socket) => void;

const REQUEST_TIMEOUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/**
 * Routes `server`'s 'connection' event through the sniffer. Install it after every other
 * 'connection' listener (they then run, in their order, once the socket is handed over).
 */
export function acceptProxyProtocol(server: Server, options: ProxyProtocolOptions): void {
  const listeners = server.listeners('connection') as ConnectionListener[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    sniff(socket, options, () => {
      for (const listener of listeners) listener.call(server, socket);
    });
  });
}

function sniff(socket: Socket, options: ProxyProtocolOptions, handOver: () => void): void {
  let received: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => {
    if (received.length > 0) return refuse('the PROXY header did not arrive in time');
    // Nothing at all: what the HTTP server itself answers to headers that never come.
    cleanup();
    socket.end(REQUEST_TIMEOUT);
  }, options.headerTimeoutMs ?? 10_000);
  const cleanup = () => {
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('error', onGone);
    socket.off('end', onGone);
    socket.off('close', onGone);
  };
  const refuse = (reason: string) => {
    cleanup();
    options.onRefused?.(reason, socket);
    socket.destroy();
  };
  const onGone = () => {
    cleanup();
    socket.destroy();
  };
  const finish = (rest: Buffer, header: ProxyHeader | null) => {
    cleanup();
    socket.pause();
    if (header?.source) adoptPeer(socket, header.source.address, header.source.port, header.family === 'IPv6' ? 'IPv6' : 'IPv4');
    if (rest.length > 0) socket.unshift(rest);
    handOver();
    // The HTTP server consumes the handle itself from here; resuming delivers the bytes read so far first.
    if (!socket.destroyed) socket.resume();
  };
  const onData = (chunk: Buffer) => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const parsed = parseProxyHeader(received);
    if (parsed.kind === 'incomplete') return;
    if (parsed.kind === 'absent') return finish(received, null);
    if (parsed.kind === 'invalid') return refuse(`malformed PROXY header: ${parsed.reason}`);
    if (!verifyProxyHeader(parsed.header, options.secret)) return refuse('PROXY header without a valid signature');
    finish(received.subarray(parsed.length), parsed.header);
  };
  socket.on('data', onData);
  socket.on('error', onGone);
  socket.on('end', onGone);
  socket.on('close', onGone);
}

function adoptPeer(socket: Socket, address: string, port: number, family: 'IPv4' | 'IPv6'): void {
  Object.defineProperty(socket, 'remoteAddress', { value: address, configurable: true });
  Object.defineProperty(socket, 'remotePort', { value: port, configurable: true });
  Object.defineProperty(socket, 'remoteFamily', { value: family, configurable: true });
}

/** `acceptProxyProtocol` as a node installs it: refusals logged as one rate-limited warning. */
export function acceptSignedProxyHeaders(server: Server, secret: string, headerTimeoutMs: number, logger: Logger): void {
  const log = new RateLimitedLog((message) => logger.warn(message));
  acceptProxyProtocol(server, {
    secret,
    headerTimeoutMs,
    onRefused: (reason, socket) => log.log(`closed a connection from ${socket.remoteAddress}: ${reason}`),
  });
}
