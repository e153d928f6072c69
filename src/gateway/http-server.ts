/**
 * The node's HTTP server and route table (functions.md §3–§4, platform.md §1.4): CORS first,
 * then size limit, the dashboard's files, CPU load shedding, metrics, health/readiness, the port
 * filter, the routes, and a `404` catch-all.
 * Any error maps to a clear 4xx/503 — never a 500 from SlimFaas itself.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionLimits } from '../config/settings.js';
import { RateLimitedLog } from '../logging.js';
import { BodyRateGuard } from './body-rate-guard.js';
import type { GatewayContext } from './context.js';
import { createCors } from './cors.js';
import { send, sendJson, declaredTooLarge, drain, onPublicPort, splitNamedRoute, ROUTE_METHODS, PayloadTooLargeError } from './http-util.js';
import { handleSyncCall } from './routes/sync-function.js';
import { handleAsyncCall, handleAsyncCallback } from './routes/async-function.js';
import { handlePublishEvent } from './routes/publish-event.js';
import { handleStatusFunction, handleStatusFunctions, handleWakeFunction, handleWakeFunctions } from './routes/wake-and-status.js';
import { StoreError } from '../store/store.js';
import { canonicalFunctionPath, normalizePathEncoding, PATH_REFUSAL_MESSAGES, type PathRefusal } from '../proxy/canonical-path.js';
import type { NodeMetrics } from '../metrics/node-metrics.js';
import { withServerSpans } from '../telemetry/hooks.js';
import type { LoadShedder } from '../ratelimit/load-shedder.js';

/**
 * A route a capability registers from the composition root: an exact path, or with `prefix` the
 * path and everything below it (`/data/files` and `/data/files/<rest>`; `rest` is what follows
 * the `/`, still percent-encoded). `portFiltered` routes answer 404 off the public ports
 * (functions.md §4.1: jobs, status…); others are served on every port (data, debug).
 */
export interface ExtraRoute {
  path: string;
  prefix?: boolean;
  portFiltered?: boolean;
  /** Served before the CPU rate limiter (platform.md §1.4 stage 3: the dashboard's static files). */
  beforeRateLimit?: boolean;
  methods: ReadonlySet<string>;
  handle: (req: IncomingMessage, res: ServerResponse, rest: string, query: string) => Promise<void> | void;
}

export interface ServerDeps {
  ctx: GatewayContext;
  metrics: NodeMetrics;
  isReady: () => boolean;
  limits: ConnectionLimits;
  routes?: readonly ExtraRoute[];
  /** CPU load shedding (platform.md §4); null or absent when disabled. Stopped with the server. */
  loadShedding?: LoadShedder | null;
}

interface RequestTarget {
  /** Path with its encoding normalised (src/proxy/canonical-path.ts), or null when malformed. */
  pathname: string | null;
  /** Raw query with its leading `?`, or ''. */
  search: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: RequestTarget) => Promise<void> | void;

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** Splits the request target without WHATWG parsing (which would resolve dot segments itself). */
function requestTarget(raw: string): RequestTarget {
  const origin = ABSOLUTE_FORM.exec(raw);
  const target = origin ? raw.slice(origin[0].length) || '/' : raw;
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  return { pathname: normalizePathEncoding(path), search: q < 0 ? '' : target.slice(q) };
}

export function createGatewayServer({ ctx, metrics, isReady, limits, routes = [], loadShedding = null }: ServerDeps): Server {
  const cors = createCors(ctx.options.corsAllowOrigin);
  const route = buildRouter(ctx);
  const exactRoutes = new Map(routes.filter((r) => !r.prefix).map((r) => [r.path, r]));
  const prefixRoutes = routes.filter((r) => r.prefix);
  const findRoute = (pathname: string): { route: ExtraRoute; rest: string } | null => {
    const exact = exactRoutes.get(pathname);
    if (exact) return { route: exact, rest: '' };
    for (const route of prefixRoutes) {
      if (pathname === route.path) return { route, rest: '' };
      if (pathname.startsWith(`${route.path}/`)) return { route, rest: pathname.slice(route.path.length + 1) };
    }
    return null;
  };
  const slowBodies = new RateLimitedLog((m) => ctx.logger.warn(m));
  const bodyRate = new BodyRateGuard(limits.minRequestBodyBytesPerSecond, limits.minRequestBodyGracePeriodMs, (req) =>
    slowBodies.log(`cut off ${req.method} ${shortPath(req)}: its body arrived slower than ${limits.minRequestBodyBytesPerSecond} B/s`),
  );
  const clientAborts = new RateLimitedLog((m) => ctx.logger.warn(m));

  // Headers must arrive within RequestHeadersTimeout (Node answers 408 itself); bodies are bounded
  // by the minimum data rate instead of a total request time, so large uploads stay possible.
  const server = createServer({ requestTimeout: 0, headersTimeout: limits.requestHeadersTimeoutMs, connectionsCheckingInterval: 1000 }, withServerSpans((req, res) => {
    const started = performance.now();
    bodyRate.watch(req, res);
    const method = req.method ?? 'GET';
    metrics.requestStarted(method);
    res.once('close', () => {
      metrics.observeRequest(method, res.statusCode, (performance.now() - started) / 1000);
    });
    handle(req, res).catch((err) => answerError(ctx, req, res, err, clientAborts));
  }));
  if (limits.maxConcurrentConnections !== null) limitConnections(server, limits.maxConcurrentConnections);
  server.once('close', () => bodyRate.stop());
  if (loadShedding !== null) server.once('close', () => loadShedding.stop());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (cors(req, res)) return;
    if (declaredTooLarge(req, ctx.options.maxRequestBodySize)) {
      drain(req);
      send(res, 413, '', { connection: 'close' });
      return;
    }
    const url = requestTarget(req.url ?? '/');
    const pathname = url.pathname;
    if (pathname === null) return refusePath(req, res, 'malformed-encoding');
    const publicPort = onPublicPort(req, ctx.options.publicPorts);
    const own = findRoute(pathname);
    // platform.md §1.4: the dashboard's files (stage 3) come before the CPU limiter (stage 4), which comes before everything else.
    if (loadShedding !== null && !own?.route.beforeRateLimit && loadShedding.rejects(req, res, pathname, publicPort)) return;
    if (pathname === PROBE_ROUTES[0].path && PROBE_ROUTES[0].methods.has(req.method ?? '')) {
      const body = await metrics.registry.metrics();
      send(res, 200, body, { 'content-type': metrics.registry.contentType });
      return;
    }
    if (own) {
      if (!own.route.methods.has(req.method ?? '')) {
        drain(req);
        return send(res, 405);
      }
      if (own.route.portFiltered && !publicPort) return notFound(req, res, '');
      return own.route.handle(req, res, own.rest, url.search);
    }
    if (pathname === PROBE_ROUTES[1].path && publicPort) return send(res, 200, 'OK', { 'content-type': 'text/plain' });
    if (pathname === PROBE_ROUTES[2].path && publicPort) {
      return isReady() ? send(res, 200, 'READY', { 'content-type': 'text/plain' }) : send(res, 503, 'NOT_READY', { 'content-type': 'text/plain' });
    }
    await route(req, res, url, publicPort);
  }

  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  served.set(server, [...routes.map(({ path, prefix, methods }) => ({ path, prefix, methods })), ...builtinRoutes()]);
  return server;
}

const served = new WeakMap<Server, RouteShape[]>();

/** The routes `server` dispatches: the registered `ExtraRoute`s, then the built-in ones (of which `/metrics` is matched first). */
export function servedRoutes(server: Server): RouteShape[] {
  return served.get(server) ?? [];
}

/**
 * `MaxConcurrentConnections`: a connection beyond the limit is closed at once, as Kestrel does.
 * Sockets handed over in-process (the entrypoint) pass through the same 'connection' event.
 */
function limitConnections(server: Server, max: number): void {
  const open = new Set<Socket>();
  server.prependListener('connection', (socket: Socket) => {
    if (open.size >= max) {
      socket.destroy();
      return;
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
}

function shortPath(req: IncomingMessage): string {
  const url = req.url ?? '/';
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

/** The client went away before its request was complete (reset, abort, premature close). */
function isClientGone(req: IncomingMessage, err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return req.socket.destroyed || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error | undefined)?.message === 'aborted';
}

function answerError(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, err: unknown, clientAborts: RateLimitedLog): void {
  drain(req);
  if (isClientGone(req, err)) {
    clientAborts.log(`client closed the connection before ${req.method} ${shortPath(req)} was complete`);
    res.destroy();
    return;
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof PayloadTooLargeError) return send(res, 413, '', { connection: 'close' });
  if (err instanceof URIError) return send(res, 400, JSON.stringify({ error: 'Malformed URL encoding.' }), { 'content-type': 'application/json' });
  if (err instanceof StoreError) {
    if (err.code === 'too-large') return send(res, 413);
    if (err.code === 'busy') return send(res, 429, '', { 'Retry-After': '1' });
    // Unavailable (or fenced): nothing was accepted; the caller may retry.
    return sendJson(res, 503, { error: 'The shared store is unavailable; nothing was accepted. Retry later.' });
  }
  ctx.logger.error(`request ${req.method} ${req.url} failed: ${(err as Error)?.stack ?? err}`);
  send(res, 503);
}

const POST: ReadonlySet<string> = new Set(['POST']);
const GET: ReadonlySet<string> = new Set(['GET']);
/** Any method: the probes answer whatever the method. */
const ANY_METHOD = 'any';

/** A route as the server dispatches it (the OpenAPI drift test compares these with docs/openapi.json). */
export interface RouteShape {
  path: string;
  /** The path and everything below it (`/function` serves `/function/{name}/{path}`). */
  prefix?: boolean;
  methods: ReadonlySet<string> | typeof ANY_METHOD;
}

/** The function routes `/<family>/{name}[/{rest}]` the router dispatches, with the methods it admits. */
const NAMED_ROUTES = [
  { path: '/function', methods: ROUTE_METHODS },
  { path: '/async-function', methods: ROUTE_METHODS },
  { path: '/async-function-callback', methods: POST },
  { path: '/publish-event', methods: ROUTE_METHODS },
  { path: '/wake-function', methods: POST },
  { path: '/status-function', methods: GET },
] as const satisfies readonly RouteShape[];
type NamedRoutePath = (typeof NAMED_ROUTES)[number]['path'];
type NamedHandler = (req: IncomingMessage, res: ServerResponse, name: string, rest: string, query: string) => Promise<void> | void;

/** The router's exact routes. */
const EXACT_ROUTES = [
  { path: '/wake-functions', methods: POST },
  { path: '/status-functions', methods: GET },
] as const satisfies readonly RouteShape[];
type ExactRoutePath = (typeof EXACT_ROUTES)[number]['path'];

/** The probes `handle` answers itself: `/metrics` (GET only), `/health` and `/ready` (public ports, any method). */
const PROBE_ROUTES = [
  { path: '/metrics', methods: GET },
  { path: '/health', methods: ANY_METHOD },
  { path: '/ready', methods: ANY_METHOD },
] as const satisfies readonly RouteShape[];

/** Every route the server answers itself, besides the `ExtraRoute`s it is given — the tables above, which the dispatch reads. */
export function builtinRoutes(): RouteShape[] {
  return [...PROBE_ROUTES, ...NAMED_ROUTES.map((r) => ({ ...r, prefix: true })), ...EXACT_ROUTES];
}

function buildRouter(ctx: GatewayContext) {
  const withMethods = (methods: ReadonlySet<string>, handler: Handler): Handler => (req, res, url) => {
    if (!methods.has(req.method ?? '')) {
      drain(req);
      return send(res, 405);
    }
    return handler(req, res, url);
  };
  const namedHandlers: Record<NamedRoutePath, NamedHandler> = {
    '/function': (req, res, n, rest, q) => handleSyncCall(ctx, req, res, n, rest, q),
    '/async-function': (req, res, n, rest, q) => handleAsyncCall(ctx, req, res, n, rest, q),
    '/async-function-callback': (req, res, n, rest) => handleAsyncCallback(ctx, req, res, n, rest),
    '/publish-event': (req, res, n, rest, q) => handlePublishEvent(ctx, req, res, n, rest, q),
    '/wake-function': (req, res, n, rest) => (rest === '' ? handleWakeFunction(ctx, req, res, n) : send(res, 404, '404')),
    '/status-function': (req, res, n, rest) => (rest === '' ? handleStatusFunction(ctx, req, res, n) : send(res, 404, '404')),
  };
  const named = NAMED_ROUTES.map((r) => [`${r.path}/`, r.methods, namedHandlers[r.path]] as const);
  const exactHandlers: Record<ExactRoutePath, Handler> = {
    '/wake-functions': (req, res) => handleWakeFunctions(ctx, req, res),
    '/status-functions': (req, res) => handleStatusFunctions(ctx, req, res),
  };
  const exact: Record<string, Handler> = Object.fromEntries(EXACT_ROUTES.map((r) => [r.path, withMethods(r.methods, exactHandlers[r.path])]));

  return async (req: IncomingMessage, res: ServerResponse, url: RequestTarget, publicPort: boolean): Promise<void> => {
    const pathname = url.pathname ?? '';
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
      const rest = canonicalFunctionPath(match.rest, url.search !== '');
      if (!rest.ok) return refusePath(req, res, rest.reason);
      return handler(req, res, match.name, rest.path, url.search);
    }
    notFound(req, res, '404');
  };
}

function refusePath(req: IncomingMessage, res: ServerResponse, reason: PathRefusal): void {
  drain(req);
  sendJson(res, 400, { error: PATH_REFUSAL_MESSAGES[reason] });
}

function notFound(req: IncomingMessage, res: ServerResponse, body: string): void {
  drain(req);
  send(res, 404, body);
}
