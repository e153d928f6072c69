/**
 * How `slimfaas local up` launches node process `slimfaas-<i>` (platform.md §2.4.5 steps 5–6,
 * decision 12): the same executable re-launched as `slimfaas serve` on its node port, with the
 * supervisor's environment plus the node settings. A setting the supervisor imposes replaces any
 * spelling of it in the environment (`__` or `:`, any case); `Data:DefaultVisibility` defaults to
 * Public but an explicit one is kept. Pure.
 */
import { join } from 'node:path';
import type { LocalManifest } from '../../config/manifest/types.js';
import type { PodInfo } from '../../orchestrator/orchestrator.js';

export interface NodeLaunch {
  index: number;
  manifest: LocalManifest;
  /** `<state>/data`. */
  dataDir: string;
  supervisorUrl: string;
  token: string;
  redisUrl: string;
  clusterSecret: string;
}

const LOG_CATEGORIES = ['Default', 'Microsoft.AspNetCore', 'SlimFaas', 'SlimData', 'DotNext', 'DotNext.Net.Cluster', 'DotNext.Net.Cluster.Consensus.Raft'];

export const nodeName = (index: number): string => `slimfaas-${index}`;

/** Configuration keys compare as .NET does: `__` is `:`, case-insensitive. */
const keyOf = (name: string): string => name.replace(/__/g, ':').toLowerCase();

export function nodeEnvironment(base: NodeJS.ProcessEnv, launch: NodeLaunch): NodeJS.ProcessEnv {
  const { manifest, index } = launch;
  const imposed: Record<string, string> = {
    HOSTNAME: nodeName(index),
    SlimFaas__Orchestrator: 'Process',
    SlimFaas__Namespace: manifest.name,
    SlimFaas__Process__SupervisorUrl: launch.supervisorUrl,
    SlimFaas__Process__Token: launch.token,
    SlimFaas__BaseSlimDataUrl: 'http://{pod_ip}:{pod_port_0}',
    SlimFaas__BaseFunctionUrl: 'http://{pod_ip}:{pod_port}',
    SlimFaas__BaseFunctionPodUrl: 'http://{pod_ip}:{pod_port}',
    SlimFaas__WebSocketPort: '0',
    SlimFaas__Store: 'redis',
    SlimFaas__RedisUrl: launch.redisUrl,
    SlimFaas__ClusterSecret: launch.clusterSecret,
    SlimData__Directory: join(launch.dataDir, nodeName(index)),
    SlimData__AllowColdStart: 'true',
    OpenTelemetry__Enable: 'false',
    OpenTelemetry__EnableConsoleExporter: 'false',
    ...Object.fromEntries(LOG_CATEGORIES.map((category) => [`Logging__LogLevel__${category}`, manifest.cluster.nodeLogLevel])),
  };
  const replaced = new Set(Object.keys(imposed).map(keyOf));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!replaced.has(keyOf(key))) env[key] = value;
  if (!Object.keys(env).some((key) => keyOf(key) === 'data:defaultvisibility')) env.Data__DefaultVisibility = 'Public';
  return { ...env, ...imposed };
}

/** `<node> [flags] <script> serve --port <p> --host 127.0.0.1`; inspector flags are not passed on (their port would clash). */
export function nodeCommand(execPath: string, execArgv: readonly string[], script: string, port: number): string[] {
  const flags = execArgv.filter((flag) => !/^--(inspect|debug)/.test(flag));
  return [execPath, ...flags, script, 'serve', '--port', String(port), '--host', '127.0.0.1'];
}

/** Node `slimfaas-<i>` as the topology lists it (platform.md §2.4.5 step 6). */
export function nodePod(manifest: LocalManifest, index: number, state: { started: boolean; ready: boolean; failureReason: string }): PodInfo {
  const httpPort = manifest.cluster.nodeHttpPortBase + index;
  return {
    name: nodeName(index),
    ip: '127.0.0.1',
    ports: [manifest.cluster.raftPortBase + index, httpPort],
    ...state,
    annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(httpPort) },
  };
}
