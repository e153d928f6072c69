/**
 * WebSocket functions on a node (functions.md §11.1, platform.md §1.3), registered from the root
 * in one call: `/ws` upgrades on the node's HTTP server (on every port when
 * `SlimFaas:WebSocketPort` is 0, else only on that port, served by a dedicated listener when it is
 * not already a public port), the `400`/`404` answers to plain requests, the 30 s keep-alive,
 * the virtual function source of the registry, sync calls and the async dispatcher.
 */
import net from 'node:net';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { GatewayContext } from '../gateway/context.js';
import type { ExtraRoute } from '../gateway/http-server.js';
import { drain, send } from '../gateway/http-util.js';
import type { Settings } from '../config/settings.js';
import type { ReconcileRunner } from '../cluster/reconcile-runner.js';
import type { DispatchMetrics } from '../metrics/node-metrics.js';
import type { Readable } from 'node:stream';
import { WebSocketFunctions } from './ws-functions.js';
import { syncOverWebSocket } from './ws-sync.js';
import { CALLBACK_TIMEOUT_MS, WsDispatcher } from './ws-dispatcher.js';

export const WS_PATH = '/ws';
export const NOT_UPGRADE_MESSAGE = 'Expected a WebSocket request.';
const KEEP_ALIVE_MS = 30_000;
const ALL_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT']);

export interface WebSocketsDeps {
  ctx: GatewayContext;
  settings: Pick<Settings, 'webSocketPort' | 'maxRequestBodySize' | 'hostname' | 'workers'>;
  runner: ReconcileRunner;
  metrics?: DispatchMetrics;
  openRemoteBody?: (file: string, owner: string) => Promise<Readable>;
  /** Address of the dedicated listener (the node's own host). */
  host: string;
  /** Keep-alive period (tests); 30 s. */
  keepAliveMs?: number;
}

export interface WebSockets {
  readonly functions: WebSocketFunctions;
  readonly routes: ExtraRoute[];
  /** Handles upgrades on the node's server, opens the dedicated listener, starts dispatch and keep-alive. */
  start(server: Server): Promise<void>;
  stop(): Promise<void>;
}

/** Whether `/ws` is served for this request: any port when the setting is 0, else the local or Host port must be it. */
export function onWebSocketPort(req: IncomingMessage, webSocketPort: number): boolean {
  if (webSocketPort === 0) return true;
  if (req.socket.localPort === webSocketPort) return true;
  const match = /:(\d+)$/.exec(req.headers.host ?? '');
  return match !== null && Number(match[1]) === webSocketPort;
}

export function createWebSockets(d: WebSocketsDeps): WebSockets {
  const { ctx, settings } = d;
  const wsPort = settings.webSocketPort;
  const functions = new WebSocketFunctions(ctx.registry, ctx.logger);
  ctx.registry.setVirtualSource(functions);
  const syncDeps = { select: (name: string) => functions.select(name), maxRequestBodySize: settings.maxRequestBodySize, responseStartTimeoutMs: CALLBACK_TIMEOUT_MS, logger: ctx.logger };
  functions.syncHandler = (name, req, res, path, query) => syncOverWebSocket(syncDeps, name, req, res, path, query);
  const dispatcher = new WsDispatcher({
    store: ctx.store, functions, runner: d.runner, activity: ctx.activity, spool: ctx.spool, logger: ctx.logger,
    fallbackMs: Math.max(settings.workers.queuesDelayMilliseconds, 50), nodeName: settings.hostname, openRemoteBody: d.openRemoteBody, metrics: d.metrics,
  });
  // `ws` is loaded on the first upgrade only (about 3 MiB of idle RSS on a node without WebSocket clients).
  let wss: Promise<WebSocketServer> | null = null;
  const webSocketServer = () => (wss ??= import('ws').then((m) => new m.WebSocketServer({ noServer: true, clientTracking: false })));
  let listener: net.Server | null = null;
  let keepAlive: NodeJS.Timeout | null = null;

  const route: ExtraRoute = {
    path: WS_PATH,
    methods: ALL_METHODS,
    handle: (req, res) => {
      drain(req);
      if (!onWebSocketPort(req, wsPort)) send(res, 404);
      else send(res, 400, NOT_UPGRADE_MESSAGE, { 'content-type': 'text/plain; charset=utf-8' });
    },
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH || !onWebSocketPort(req, wsPort) || req.method !== 'GET') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    webSocketServer().then(
      (w) => w.handleUpgrade(req, socket, head, (ws) => functions.accept(ws)),
      () => socket.destroy(),
    );
  };

  return {
    functions,
    routes: [route],
    async start(server) {
      server.on('upgrade', onUpgrade);
      if (wsPort > 0 && !ctx.options.publicPorts.has(wsPort)) listener = await openListener(server, wsPort, d.host, ctx);
      keepAlive = setInterval(() => functions.heartbeat(), d.keepAliveMs ?? KEEP_ALIVE_MS);
      keepAlive.unref();
      dispatcher.start();
    },
    async stop() {
      if (keepAlive) clearInterval(keepAlive);
      await dispatcher.stop();
      functions.closeAll();
      if (listener) await new Promise<void>((resolve) => listener!.close(() => resolve()));
    },
  };
}

/** The dedicated WebSocket port: its connections are served by the node's server (a bind failure is logged, not fatal). */
function openListener(server: Server, port: number, host: string, ctx: GatewayContext): Promise<net.Server | null> {
  return new Promise((resolve) => {
    const listener = net.createServer((socket) => server.emit('connection', socket));
    listener.once('error', (err) => {
      ctx.logger.warn(`WebSocket port ${port} could not be opened (${err.message}); /ws is not served`);
      resolve(null);
    });
    listener.listen(port, host, () => {
      ctx.logger.info(`WebSocket functions listening on ws://${host}:${port}${WS_PATH}`);
      resolve(listener);
    });
  });
}
