/**
 * `slimfaas serve [--port <port>] [--host <address>]` (decision 13): one SlimFaas node configured
 * by the environment under upstream's names, on the Kubernetes or Docker orchestrator, in a pod or
 * on a host. It is the command of the Docker image. Prints one line once it listens and stops
 * cleanly on SIGTERM/SIGINT/SIGHUP (decision 17).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSettings, type Settings } from '../config/settings.js';
import { createLogger, type Logger } from '../logging.js';
import { startNode } from '../node.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Orchestrator, PodInfo } from '../orchestrator/orchestrator.js';
import { KubernetesOrchestrator, resolveNamespace } from '../orchestrator/kubernetes/kubernetes-orchestrator.js';
import { DockerOrchestrator } from '../orchestrator/docker/docker-orchestrator.js';
import { whenStopRequested } from './stop-request.js';

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

/** The orchestrator of `SlimFaas:Orchestrator` (Kubernetes by default, as upstream). */
async function createOrchestrator(settings: Settings, logger: Logger): Promise<Orchestrator & { start(): Promise<void>; stop(): Promise<void> }> {
  switch (settings.orchestrator) {
    case 'Kubernetes':
      return new KubernetesOrchestrator({ namespace: settings.namespace, podName: settings.hostname || null, logger });
    case 'Docker':
      return new DockerOrchestrator({
        namespace: settings.namespace,
        ...(settings.hostname ? { hostname: settings.hostname } : {}),
        listIntervalMs: settings.workers.replicasSynchronizationDelayMilliseconds,
        logger,
      });
    default:
      throw new ServeUsageError(`SlimFaas__Orchestrator=${settings.orchestrator} is for 'slimfaas local up'; serve runs Kubernetes or Docker`);
  }
}

export async function runServe(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = parseServeArgs(args);
  const configured = loadSettings(env);
  // In a pod, the service account's namespace wins over SlimFaas__Namespace (platform.md §2.2.5).
  const settings = configured.orchestrator === 'Kubernetes' ? loadSettings({ ...env, SlimFaas__Namespace: resolveNamespace(configured.namespace) }) : configured;
  const logger = createLogger(settings.logLevel);
  const port = options.port ?? settings.port;
  const dataDirectory = resolve(settings.dataDirectory ?? 'data');
  mkdirSync(dataDirectory, { recursive: true });
  const store = SqliteStore.open({ path: join(dataDirectory, 'store.sqlite') });
  await store.recoverInterruptedAttempts();
  const orchestrator = await createOrchestrator(settings, logger);
  await orchestrator.start();
  // In a pod, SlimFaas's own pods come from the topology; on a host it is its own single node.
  const inCluster = (await orchestrator.listTopology()).slimfaasNodes.length > 0;
  const self: PodInfo | undefined = inCluster
    ? undefined
    : { name: settings.hostname || 'slimfaas', ip: '127.0.0.1', ports: [port], started: true, ready: true, failureReason: '', annotations: {} };
  const node = await startNode({ settings, store, orchestrator, logger, host: options.host, port, dataDirectory, ...(self ? { self } : {}) });
  process.stdout.write(`SlimFaas listening on http://${options.host}:${node.port} (${settings.orchestrator}, namespace ${settings.namespace})\n`);
  await whenStopRequested();
  await node.stop().catch(() => undefined);
  await orchestrator.stop().catch(() => undefined);
  await store.close();
  return 0;
}
