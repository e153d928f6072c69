/**
 * The composition root of one SlimFaas node: wires store, orchestrator, function registry,
 * activity, scaler with its metric autoscaling (scraper, series, PromQL triggers, debug routes),
 * jobs (catalogue, queue, dispatcher, cron), async dispatcher, metrics and the HTTP gateway.
 */
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { Store } from './store/store.js';
import type { Orchestrator, PodInfo } from './orchestrator/orchestrator.js';
import type { Settings } from './config/settings.js';
import type { Logger } from './logging.js';
import { alwaysLeader, type Leadership } from './cluster/leadership.js';
import { staticFrontRoutes } from './front/static-front.js';
import { ReconcileRunner } from './cluster/reconcile-runner.js';
import { FunctionRegistry } from './functions/function-registry.js';
import { ActivityTracker } from './scaling/activity-tracker.js';
import { Scaler } from './scaling/scaler.js';
import { Dispatcher } from './queue/dispatcher.js';
import { UpstreamClient } from './proxy/upstream-client.js';
import { TargetSelector } from './proxy/target-selector.js';
import { WakeCoalescer } from './gateway/wake-coalescer.js';
import { ColdStartAdmission } from './gateway/cold-start-admission.js';
import { registerSyncWaitingGauge } from './metrics/cold-start-metrics.js';
import { NodeMetrics } from './metrics/node-metrics.js';
import { createGatewayServer, servedRoutes, type RouteShape } from './gateway/http-server.js';
import { openApiRoute } from './openapi/openapi-route.js';
import type { GatewayContext } from './gateway/context.js';
import { parseCidrList } from './gateway/trust.js';
import { BodySpool } from './queue/body-spool.js';
import { runPeriodically } from './util/periodic.js';
import { createAutoscaling } from './metrics/autoscaling-wiring.js';
import { createData } from './data/data-wiring.js';
import { createJobs } from './jobs/jobs-wiring.js';
import { callerIsInternal } from './gateway/context.js';
import { logsRoutes } from './logs/logs-route.js';
import { createNetworkActivity } from './status/network-activity.js';
import { createStatusStream } from './status/status-wiring.js';
import type { Membership } from './cluster/membership.js';
import { internalBodiesRoute, remoteBodyOpener } from './cluster/remote-bodies.js';
import { acceptSignedProxyHeaders } from './cluster/proxy-protocol-sniffer.js';
import { createWebSockets } from './ws/ws-wiring.js';
import { createLoadShedding } from './ratelimit/load-shedding.js';
import { createAsyncResults } from './async-results/async-results-wiring.js';

export interface NodeOptions {
  settings: Settings;
  store: Store;
  orchestrator: Orchestrator;
  logger: Logger;
  /** Address and port the gateway listens on. */
  host: string;
  port: number;
  /** This node as it appears in the topology (its IP is trusted, its ports are public). */
  self?: PodInfo;
  leadership?: Leadership;
  /** The node's own data directory (spooled async bodies). */
  dataDirectory: string;
  /** Further public ports: listeners that hand their connections over in-process (the entrypoint). */
  extraPublicPorts?: number[];
  /** Several nodes on one shared store: the live nodes and the secret of their internal routes. */
  cluster?: { membership: Membership; secret: string | null };
}

export interface SlimFaasNode {
  readonly port: number;
  /** The routes the gateway dispatches (the OpenAPI drift test compares them with the document). */
  readonly routes: readonly RouteShape[];
  isReady(): boolean;
  /** Serves a connection accepted elsewhere in this process; its peer address is the real client's. */
  acceptConnection(socket: Socket): void;
  stop(): Promise<void>;
}

/** TTL cleaner cadence (platform.md §1.7): first after 10–20 s, then every 30 s. */
const HOUSEKEEPING_EVERY_MS = 30_000;

export async function startNode(options: NodeOptions): Promise<SlimFaasNode> {
  const { settings, store, orchestrator, logger } = options;
  const leadership = options.leadership ?? alwaysLeader;
  const runner = new ReconcileRunner(leadership, logger);
  const registry = new FunctionRegistry(orchestrator, logger, settings.workers.replicasSynchronizationDelayMilliseconds, options.self ? [options.self] : []);
  const functionNames = () => registry.list().map((e) => e.name);
  const activity = new ActivityTracker(store, logger, settings.workers.historySynchronizationDelayMilliseconds);
  const client = new UpstreamClient({ allowUnsecureSsl: settings.allowUnsecureSsl });
  const selector = new TargetSelector();
  const metrics = new NodeMetrics(store, functionNames);
  const coldStarts = new ColdStartAdmission();
  registerSyncWaitingGauge(metrics.registry, coldStarts, functionNames);
  const publicPorts = new Set<number>([...(settings.ports.length > 0 ? settings.ports : [options.port]), ...(options.extraPublicPorts ?? [])]);
  const spool = new BodySpool(join(options.dataDirectory, 'async-bodies'));
  const ctx: GatewayContext = {
    options: {
      namespace: settings.namespace,
      baseFunctionUrl: settings.baseFunctionUrl,
      baseFunctionPodUrl: settings.baseFunctionPodUrl,
      maxRequestBodySize: settings.maxRequestBodySize,
      corsAllowOrigin: settings.corsAllowOrigin,
      trustedProxies: parseCidrList(settings.trustedProxies.join(',')),
      publicPorts,
      nodeName: settings.hostname,
    },
    store,
    registry,
    activity,
    client,
    selector,
    wake: new WakeCoalescer(registry, activity),
    coldStarts,
    spool,
    network: createNetworkActivity(settings, registry),
    logger,
  };
  const asyncResults = createAsyncResults(ctx, metrics.registry, functionNames, settings.asyncCallbackAllowedHosts);
  const autoscaling = createAutoscaling({ registry, store, runner, settings: settings.metricsScraping, metricsRegistry: metrics.registry, logger });
  const cluster = options.cluster;
  const peerUrls = async () => {
    await cluster?.membership.refresh();
    return cluster?.membership.peers().map((m) => m.url) ?? [];
  };
  const data = createData({ ctx, settings, dataDirectory: options.dataDirectory, cluster: cluster?.secret ? { secret: cluster.secret, peerUrls } : undefined });
  const scaler = new Scaler({
    registry, orchestrator, activity, runner, logger,
    intervalMs: settings.workers.scaleReplicasDelayMilliseconds,
    scaledUpByDefaultWhenNeverCalled: settings.podScaledUpByDefaultWhenInfrastructureHasNeverCalled,
    triggerValues: autoscaling.triggerValues,
    onAutoscale: autoscaling.onAutoscale,
    onFunctions: autoscaling.onFunctions,
  });
  const dispatcher = new Dispatcher({
    store, registry, leadership, runner, activity, client, selector, logger,
    baseFunctionUrl: settings.baseFunctionUrl,
    namespace: settings.namespace,
    fallbackMs: Math.max(settings.workers.queuesDelayMilliseconds, 50),
    metrics: metrics.dispatch,
    spool,
    nodeName: settings.hostname,
    recorder: ctx.network.recorder,
    results: asyncResults.hook,
    openRemoteBody: cluster?.secret ? remoteBodyOpener(cluster.secret, async (owner) => {
      if (!cluster.membership.find(owner)) await cluster.membership.refresh();
      return cluster.membership.find(owner)?.url;
    }) : undefined,
  });
  if (cluster) cluster.membership.onChange(() => registry.setExtraNodes(cluster.membership.asPods()));
  const webSockets = createWebSockets({ ctx, settings, runner, metrics: metrics.dispatch, host: options.host });

  let ready = false;
  const jobs = createJobs({ store, orchestrator, registry, activity, leadership, runner, settings, logger, isInternal: (req) => callerIsInternal(ctx, req) });
  const isReady = () => ready && (store.isAvailable?.() ?? true);
  const server: Server = createGatewayServer({ ctx, metrics, isReady, limits: settings.limits, routes: [...asyncResults.routes, ...webSockets.routes, ...autoscaling.routes, ...jobs.routes, ...data.routes, ...logsRoutes(ctx, orchestrator), ...createStatusStream({ ctx, settings, jobs, cluster }).routes, internalBodiesRoute(spool, cluster?.secret ?? null), openApiRoute(), ...staticFrontRoutes()], loadShedding: createLoadShedding(settings.rateLimiting, logger) });
  // With a cluster secret, the native-local entrypoint passes client addresses as signed PROXY v2 headers.
  if (settings.clusterSecret) acceptSignedProxyHeaders(server, settings.clusterSecret, settings.limits.requestHeadersTimeoutMs, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  publicPorts.add(port);

  await registry.start();
  await activity.sync(functionNames());
  activity.start(functionNames);
  scaler.start();
  autoscaling.start();
  await jobs.start();
  dispatcher.start();
  await webSockets.start(server);
  runner.start();
  const stopHousekeeping = runPeriodically(
    async () => {
      await store.maintain?.();
      await spool.sweep(asyncResults.liveBodies, Date.now());
      await data.sweep(Date.now());
    },
    HOUSEKEEPING_EVERY_MS,
    10_000 + Math.random() * 10_000,
    (err) => logger.warn(`housekeeping: ${err.message}`),
  );
  ready = true;
  logger.info(`SlimFaas node listening on http://${options.host}:${port}`);

  return {
    port,
    routes: servedRoutes(server),
    isReady,
    acceptConnection: (socket) => server.emit('connection', socket),
    async stop() {
      ready = false;
      stopHousekeeping();
      ctx.wake.stop();
      scaler.stop();
      await runner.stop();
      await autoscaling.stop();
      await jobs.stop();
      activity.stop();
      registry.stop();
      await dispatcher.stop();
      asyncResults.stop();
      await webSockets.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await client.close().catch(() => undefined);
    },
  };
}
