/**
 * The node's HTTP server and route table (functions.md §3–§4, platform.md §1.4): CORS first,
 * then size limit, health/readiness, metrics, the port filter, the routes, and a `404` catch-all.
 * Any error maps to a clear 4xx/503 — never a 500 from SlimFaas itself.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { GatewayContext } from './context.js';
import { createCors } from './cors.js';
import { send, declaredTooLarge, drain, onPublicPort, splitNamedRoute, ROUTE_METHODS, PayloadTooLargeError } from './http-util.js';
import { handleSyncCall } from './routes/sync-function.js';
import { handleAsyncCall, handleAsyncCallback } from './routes/async-function.js';
import { handlePublishEvent } from './routes/publish-event.js';
import { handleStatusFunction, handleStatusFunctions, handleWakeFunction, handleWakeFunctions } from './routes/wake-and-status.js';
import { StoreError } from '../store/store.js';
import type { NodeMetrics } from '../metrics/node-metrics.js';

export interface ServerDeps {
  ctx: GatewayContext;
  metrics: NodeMetrics;
  isReady: () => boolean;
}

interface RequestTarget {
  /** Raw path, still percent-encoded (forwarded as received). */
  pathname: string;
  /** Raw query with its leading `?`, or ''. */
  search: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: RequestTarget) => Promise<void> | void;

function requestTarget(raw: string): RequestTarget {
  if (!raw.startsWith('/')) {
    try {
      const url = new URL(raw);
      return { pathname: url.pathname, search: url.search };
    } catch {
      return { pathname: raw, search: '' };
    }
  }
  const q = raw.indexOf('?');
  return q < 0 ? { pathname: raw, search: '' } : { pathname: raw.slice(0, q), search: raw.slice(q) };
}

export function createGatewayServer({ ctx, metrics, isReady }: ServerDeps): Server {
  const cors = createCors(ctx.options.corsAllowOrigin);
  const route = buildRouter(ctx);

  const server = createServer({ requestTimeout: 0, headersTimeout: 300_000 }, (req, res) => {
    const started = performance.now();
    metrics.http.inProgress.inc({ method: req.method });
    res.once('close', () => {
      metrics.http.inProgress.dec({ method: req.method });
      metrics.observeRequest(req.method ?? 'GET', res.statusCode, (performance.now() - started) / 1000);
    });
    handle(req, res).catch((err) => answerError(ctx, req, res, err));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (cors(req, res)) return;
    if (declaredTooLarge(req, ctx.options.maxRequestBodySize)) {
      drain(req);
      send(res, 413, '', { connection: 'close' });
      return;
    }
    const url = requestTarget(req.url ?? '/');
    const pathname = url.pathname;
    if (pathname === '/metrics' && req.method === 'GET') {
      const body = await metrics.registry.metrics();
      send(res, 200, body, { 'content-type': metrics.registry.contentType });
      return;
    }
    const publicPort = onPublicPort(req, ctx.options.publicPorts);
    if (pathname === '/health' && publicPort) return send(res, 200, 'OK', { 'content-type': 'text/plain' });
    if (pathname === '/ready' && publicPort) {
      return isReady() ? send(res, 200, 'READY', { 'content-type': 'text/plain' }) : send(res, 503, 'NOT_READY', { 'content-type': 'text/plain' });
    }
    await route(req, res, url, publicPort);
  }

  server.keepAliveTimeout = 300_000; // upstream's Kestrel keep-alive timeout (5 min)
  return server;
}

function answerError(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  drain(req);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof PayloadTooLargeError) return send(res, 413, '', { connection: 'close' });
  if (err instanceof URIError) return send(res, 400, JSON.stringify({ error: 'Malformed URL encoding.' }), { 'content-type': 'application/json' });
  if (err instanceof StoreError) {
    if (err.code === 'too-large') return send(res, 413);
    if (err.code === 'busy') return send(res, 429, '', { 'Retry-After': '1' });
    return send(res, 503);
  }
  ctx.logger.error(`request ${req.method} ${req.url} failed: ${(err as Error)?.stack ?? err}`);
  send(res, 503);
}

function buildRouter(ctx: GatewayContext) {
  const withMethods = (methods: Set<string>, handler: Handler): Handler => (req, res, url) => {
    if (!methods.has(req.method ?? '')) {
      drain(req);
      return send(res, 405);
    }
    return handler(req, res, url);
  };
  const POST = new Set(['POST']);
  const GET = new Set(['GET']);
  const named: Array<[string, Set<string>, (req: IncomingMessage, res: ServerResponse, name: string, rest: string, query: string) => Promise<void> | void]> = [
    ['/function/', ROUTE_METHODS, (req, res, n, rest, q) => handleSyncCall(ctx, req, res, n, rest, q)],
    ['/async-function/', ROUTE_METHODS, (req, res, n, rest, q) => handleAsyncCall(ctx, req, res, n, rest, q)],
    ['/async-function-callback/', POST, (req, res, n, rest) => handleAsyncCallback(ctx, req, res, n, rest)],
    ['/publish-event/', ROUTE_METHODS, (req, res, n, rest, q) => handlePublishEvent(ctx, req, res, n, rest, q)],
    ['/wake-function/', POST, (req, res, n, rest) => (rest === '' ? handleWakeFunction(ctx, req, res, n) : send(res, 404, '404'))],
    ['/status-function/', GET, (req, res, n, rest) => (rest === '' ? handleStatusFunction(ctx, req, res, n) : send(res, 404, '404'))],
  ];
  const exact: Record<string, Handler> = {
    '/wake-functions': withMethods(POST, (req, res) => handleWakeFunctions(ctx, req, res)),
    '/status-functions': withMethods(GET, (req, res) => handleStatusFunctions(ctx, req, res)),
  };

  return async (req: IncomingMessage, res: ServerResponse, url: RequestTarget, publicPort: boolean): Promise<void> => {
    const pathname = url.pathname;
    const exactHandler = exact[pathname];
    if (exactHandler) {
      if (!publicPort) return notFound(req, res, '');
      return exactHandler(req, res, url);
    }
    for (const [prefix, methods, handler] of named) {
      const bare = prefix.slice(0, -1);
      if (pathname !== bare && !pathname.startsWith(prefix)) continue;
      const match = splitNamedRoute(pathname, prefix);
      if (!match) break;
      if (!methods.has(req.method ?? '')) {
        drain(req);
        return send(res, 405);
      }
      if (!publicPort) return notFound(req, res, '');
        return handler(req, res, match.name, match.rest, url.search);
    }
    notFound(req, res, '404');
  };
}

function notFound(req: IncomingMessage, res: ServerResponse, body: string): void {
  drain(req);
  send(res, 404, body);
}
