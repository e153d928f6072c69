/**
 * The node side of `slimfaas local up` with 2–3 nodes (decision 12): Redis (the manifest's
 * `cluster.redisUrl`, or a `redis-server` from PATH started here), the supervisor control API over
 * the ProcessOrchestrator, and the node processes. `redisSource` runs before anything starts, so
 * a missing Redis is a clear manifest-level error. Stopping is two steps, as upstream orders it:
 * nodes and control API before the orchestrator's children, Redis after them.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { LocalManifest } from '../../config/manifest/types.js';
import { ManifestError } from '../../config/manifest/errors.js';
import type { Orchestrator } from '../../orchestrator/orchestrator.js';
import type { OutputFn } from '../../orchestrator/process/log-sink.js';
import { ControlApi } from '../../orchestrator/supervisor/control-api.js';
import { findOnPath } from './find-executable.js';
import { NodeSupervisor } from './node-supervisor.js';
import { nodeCommand, nodeEnvironment } from './node-environment.js';
import { RedisChild } from './redis-child.js';

export type RedisSource = { url: string } | { binary: string };

/** Where the nodes' Redis comes from; a ManifestError (exit 2) when there is none. */
export function redisSource(manifest: LocalManifest, path = process.env.PATH ?? ''): RedisSource {
  if (manifest.cluster.redisUrl) return { url: manifest.cluster.redisUrl };
  const binary = findOnPath('redis-server', path);
  if (binary) return { binary };
  throw new ManifestError([
    `cluster.nodes: ${manifest.cluster.nodes} needs Redis: set cluster.redisUrl, or install redis-server (it is not on PATH) and SlimFaas starts it.`,
  ]);
}

export interface LocalClusterOptions {
  manifest: LocalManifest;
  redis: RedisSource;
  orchestrator: Orchestrator;
  /** Control API token (also the job signature key). */
  token: string;
  logsDir: string;
  dataDir: string;
  output: OutputFn;
  /** Script the nodes re-launch (default: this process's). */
  script?: string;
}

export interface LocalCluster {
  nodes: NodeSupervisor;
  /** Signs the PROXY v2 headers the entrypoint sends to the nodes. */
  clusterSecret: string;
  /** Nodes, then the control API. */
  stopNodes(): Promise<void>;
  /** The Redis this started, if any. */
  stopRedis(): Promise<void>;
}

export async function startLocalCluster(o: LocalClusterOptions): Promise<LocalCluster> {
  const script = o.script ?? process.argv[1];
  if (!script) throw new Error('cannot re-launch this executable: no script path in process.argv');
  const redis = 'binary' in o.redis ? await RedisChild.start({ binary: o.redis.binary, dataDir: join(o.dataDir, 'redis'), logsDir: o.logsDir, output: o.output }) : null;
  const redisUrl = redis ? redis.url : (o.redis as { url: string }).url;
  const clusterSecret = randomBytes(32).toString('hex');
  let api: ControlApi | null = null;
  const nodes = new NodeSupervisor({
    manifest: o.manifest,
    cwd: process.cwd(),
    logsDir: o.logsDir,
    output: o.output,
    launch: (index) => ({
      command: nodeCommand(process.execPath, process.execArgv, script, o.manifest.cluster.nodeHttpPortBase + index),
      env: nodeEnvironment(process.env, { index, manifest: o.manifest, dataDir: o.dataDir, supervisorUrl: api!.url, token: o.token, redisUrl, clusterSecret }),
    }),
  });
  try {
    api = new ControlApi({ orchestrator: o.orchestrator, namespace: o.manifest.name, token: o.token, nodes });
    await api.listen();
    await nodes.start();
  } catch (err) {
    await nodes.stop();
    await api?.close();
    await redis?.stop();
    throw err;
  }
  return {
    nodes,
    clusterSecret,
    async stopNodes() {
      await nodes.stop();
      await api!.close();
    },
    async stopRedis() {
      await redis?.stop();
    },
  };
}
