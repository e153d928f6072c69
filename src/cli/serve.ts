/**
 * `slimfaas serve [--port <port>] [--host <address>]` (decision 13): one SlimFaas node configured
 * by the environment under upstream's names, on the Kubernetes or Docker orchestrator, in a pod or
 * on a host, or (Process) as a node process of `slimfaas local up` with several nodes, a client of
 * its supervisor's control API. It is the command of the Docker image. Prints one line once it listens and stops
 * cleanly on SIGTERM/SIGINT/SIGHUP (decision 17).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSettings, type Settings } from '../config/settings.js';
import { createLogger, type Logger } from '../logging.js';
import { startNode } from '../node.js';
import { openNodeStore } from '../cluster/node-store.js';
import type { Orchestrator, PodInfo } from '../orchestrator/orchestrator.js';
import { supervisorOrchestratorFrom } from '../orchestrator/supervisor/supervisor-from-settings.js';
import { whenStopRequested } from './stop-request.js';
import { startTelemetry } from '../telemetry/start.js';

export const SERVE_USAGE = 'usage: slimfaas serve [--port <port>] [--host <address>]';

export class ServeUsageError extends Error {}

interface ServeArgs {
  port: number | null;
  host: string;
}

export function parseServeArgs(args: readonly string[]): ServeArgs {
  const parsed: ServeArgs = { port: null, host: '0.0.0.0' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = args[i + 1];
    if ((arg === '--port' || arg === '-p') && value !== undefined) {
      const port = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(port >= 0 && port <= 65535)) throw new ServeUsageError(`--port must be a port number, got ${JSON.stringify(value)}`);
      parsed.port = port;
      i++;
    } else if (arg === '--host' && value !== undefined) {
      parsed.host = value;
      i++;
    } else {
      throw new ServeUsageError(`unknown argument ${JSON.stringify(arg)}\n${SERVE_USAGE}`);
    }
  }
  return parsed;
}

/**
 * The orchestrator of `SlimFaas:Orchestrator` (Kubernetes by default, as upstream). The Kubernetes
 * and Docker clients are loaded only when chosen (they weigh tens of MiB of RSS).
 */
async function createOrchestrator(settings: Settings, logger: Logger): Promise<Orchestrator & { start(): Promise<void>; stop(): Promise<void> }> {
  switch (settings.orchestrator) {
    case 'Kubernetes': {
      const { KubernetesOrchestrator } = await import('../orchestrator/kubernetes/kubernetes-orchestrator.js');
      return new KubernetesOrchestrator({ namespace: settings.namespace, podName: settings.hostname || null, logger });
    }
    case 'Docker': {
      const { DockerOrchestrator } = await import('../orchestrator/docker/docker-orchestrator.js');
      return new DockerOrchestrator({
        namespace: settings.namespace,
        ...(settings.hostname ? { hostname: settings.hostname } : {}),
        listIntervalMs: settings.workers.replicasSynchronizationDelayMilliseconds,
        logger,
      });
    }
    case 'Process':
      return supervisorOrchestratorFrom(settings, logger);
    default:
      throw new ServeUsageError(`SlimFaas__Orchestrator=${settings.orchestrator} is not supported by serve; it runs Kubernetes, Docker or Process`);
  }
}

export async function runServe(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = parseServeArgs(args);
  const configured = loadSettings(env);
  // In a pod, the service account's namespace wins over SlimFaas__Namespace (platform.md §2.2.5).
  const resolveNamespace = configured.orchestrator === 'Kubernetes' ? (await import('../orchestrator/kubernetes/kubernetes-orchestrator.js')).resolveNamespace : null;
  const settings = resolveNamespace ? loadSettings({ ...env, SlimFaas__Namespace: resolveNamespace(configured.namespace) }) : configured;
  // OpenTelemetry (platform.md §5): its SDK is imported only when OpenTelemetry__Enable is true.
  const telemetry = await startTelemetry(settings.openTelemetry, createLogger(settings.logLevel), settings.logLevel);
  const logger = telemetry.logger;
  const port = options.port ?? settings.port;
  const dataDirectory = resolve(settings.dataDirectory ?? 'data');
  mkdirSync(dataDirectory, { recursive: true });
  const orchestrator = await createOrchestrator(settings, logger);
  await orchestrator.start();
  // In a pod, SlimFaas's own pods come from the topology; on a host it is its own single node.
  const ownPods = (await orchestrator.listTopology()).slimfaasNodes;
  const inCluster = ownPods.length > 0;
  const advertiseIp = env.POD_IP?.trim() || ownPods.find((p) => p.name === settings.hostname)?.ip || '127.0.0.1';
  const nodeStore = await openNodeStore({ settings, dataDirectory, logger, advertiseIp }).catch(async (err: Error) => {
    await orchestrator.stop().catch(() => undefined);
    throw err;
  });
  const { store, leadership, cluster } = nodeStore;
  const self: PodInfo | undefined = inCluster
    ? undefined
    : { name: settings.hostname || 'slimfaas', ip: '127.0.0.1', ports: [port], started: true, ready: true, failureReason: '', annotations: {} };
  const node = await startNode({ settings, store, orchestrator, logger, host: options.host, port, dataDirectory, ...(self ? { self } : {}), ...(leadership ? { leadership } : {}), ...(cluster ? { cluster } : {}) }).catch(async (err: Error) => {
    // Nothing may keep a failed serve alive (a supervised node process is restarted only once it exits).
    await orchestrator.stop().catch(() => undefined);
    await nodeStore.close().catch(() => undefined);
    throw err;
  });
  await nodeStore.start(node.port);
  process.stdout.write(`SlimFaas listening on http://${options.host}:${node.port} (${settings.orchestrator}, namespace ${settings.namespace}, store ${settings.store})\n`);
  await whenStopRequested();
  await node.stop().catch(() => undefined);
  await orchestrator.stop().catch(() => undefined);
  await nodeStore.close();
  await telemetry.stop();
  return 0;
}
