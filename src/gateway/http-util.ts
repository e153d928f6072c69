/** Small HTTP helpers shared by the routes: answers, size checks, port filter, path split. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PayloadTooLargeError } from '../proxy/body-errors.js';

export const ROUTE_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

export function send(res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const payload = Buffer.from(body);
  res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
  res.end(payload);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8' });
}

export { PayloadTooLargeError };

/** Declared Content-Length above the limit. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > limit;
}

/** Discards a request body that will not be used (so keep-alive connections stay usable). */
export function drain(req: IncomingMessage): void {
  if (!req.readableEnded) req.resume();
}

/** Port filter (functions.md §4.1): the connection's local port or the Host header port is public. */
export function onPublicPort(req: IncomingMessage, publicPorts: Set<number>): boolean {
  if (req.socket.localPort !== undefined && publicPorts.has(req.socket.localPort)) return true;
  const host = req.headers.host;
  if (!host) return false;
  const match = /:(\d+)$/.exec(host);
  return publicPorts.has(match ? Number(match[1]) : 80);
}

/** `/prefix/{name}[/{**path}]` → name and rest (without its leading `/`); null when not that route. */
export function splitNamedRoute(pathname: string, prefix: string): { name: string; rest: string } | null {
  if (!pathname.startsWith(prefix)) return null;
  const tail = pathname.slice(prefix.length);
  const slash = tail.indexOf('/');
  const rawName = slash < 0 ? tail : tail.slice(0, slash);
  if (rawName === '') return null;
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return null;
  }
  return { name, rest: slash < 0 ? '' : tail.slice(slash + 1) };
}
