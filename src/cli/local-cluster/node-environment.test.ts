import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalManifest } from '../../config/manifest/types.js';
import { nodeCommand, nodeEnvironment, nodePod } from './node-environment.js';

const manifest = {
  name: 'demo',
  cluster: { nodes: 3, entrypointPort: 30020, nodeHttpPortBase: 30021, raftPortBase: 3262, nodeLogLevel: 'Warning' },
} as LocalManifest;
const launch = { index: 2, manifest, dataDir: '/state/data', supervisorUrl: 'http://127.0.0.1:4000', token: 't0k', redisUrl: 'redis://127.0.0.1:6000', clusterSecret: 'c5' };

test('nodeEnvironment: the node settings of platform.md §2.4.5 step 5 plus Redis and the cluster secret', () => {
  const env = nodeEnvironment({ PATH: '/bin', KEEP: 'me' }, launch);
  const expected: Record<string, string> = {
    PATH: '/bin',
    KEEP: 'me',
    HOSTNAME: 'slimfaas-2',
    SlimFaas__Orchestrator: 'Process',
    SlimFaas__Namespace: 'demo',
    SlimFaas__Process__SupervisorUrl: 'http://127.0.0.1:4000',
    SlimFaas__Process__Token: 't0k',
    SlimFaas__BaseSlimDataUrl: 'http://{pod_ip}:{pod_port_0}',
    SlimFaas__BaseFunctionUrl: 'http://{pod_ip}:{pod_port}',
    SlimFaas__BaseFunctionPodUrl: 'http://{pod_ip}:{pod_port}',
    SlimFaas__WebSocketPort: '0',
    SlimFaas__Store: 'redis',
    SlimFaas__RedisUrl: 'redis://127.0.0.1:6000',
    SlimFaas__ClusterSecret: 'c5',
    SlimData__Directory: '/state/data/slimfaas-2',
    SlimData__AllowColdStart: 'true',
    Data__DefaultVisibility: 'Public',
    OpenTelemetry__Enable: 'false',
    OpenTelemetry__EnableConsoleExporter: 'false',
  };
  for (const category of ['Default', 'Microsoft.AspNetCore', 'SlimFaas', 'SlimData', 'DotNext', 'DotNext.Net.Cluster', 'DotNext.Net.Cluster.Consensus.Raft']) {
    expected[`Logging__LogLevel__${category}`] = 'Warning';
  }
  assert.deepEqual(env, expected);
});

test('nodeEnvironment: imposed settings replace every spelling; an explicit Data visibility is kept', () => {
  const cases: Array<[string, NodeJS.ProcessEnv, Record<string, string | undefined>]> = [
    ['`:` form of an imposed key', { 'SlimFaas:Orchestrator': 'Kubernetes' }, { 'SlimFaas:Orchestrator': undefined, SlimFaas__Orchestrator: 'Process' }],
    ['other case of an imposed key', { SLIMFAAS__STORE: 'sqlite', hostname: 'x' }, { SLIMFAAS__STORE: undefined, hostname: undefined, SlimFaas__Store: 'redis', HOSTNAME: 'slimfaas-2' }],
    ['explicit Data visibility', { Data__DefaultVisibility: 'Private' }, { Data__DefaultVisibility: 'Private' }],
    ['explicit Data visibility, `:` form', { 'data:defaultvisibility': 'Private' }, { 'data:defaultvisibility': 'Private', Data__DefaultVisibility: undefined }],
  ];
  for (const [what, base, expected] of cases) {
    const env = nodeEnvironment(base, launch);
    for (const [key, value] of Object.entries(expected)) assert.equal(env[key], value, `${what}: ${key}`);
  }
});

test('nodeCommand: the same executable as `serve` on the node port, without inspector flags', () => {
  const cases: Array<[string[], string[]]> = [
    [[], ['/usr/bin/node', '/app/bin/slimfaas.js', 'serve', '--port', '30023', '--host', '127.0.0.1']],
    [['--import', 'tsx', '--inspect=9229', '--inspect-brk'], ['/usr/bin/node', '--import', 'tsx', '/app/bin/slimfaas.js', 'serve', '--port', '30023', '--host', '127.0.0.1']],
  ];
  for (const [execArgv, expected] of cases) assert.deepEqual(nodeCommand('/usr/bin/node', execArgv, '/app/bin/slimfaas.js', 30023), expected);
});

test('nodePod: slimfaas-<i> on 127.0.0.1 with its Raft and HTTP ports and scrape annotations', () => {
  assert.deepEqual(nodePod(manifest, 1, { started: true, ready: false, failureReason: 'ProcessExited' }), {
    name: 'slimfaas-1',
    ip: '127.0.0.1',
    ports: [3263, 30022],
    started: true,
    ready: false,
    failureReason: 'ProcessExited',
    annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics', 'prometheus.io/port': '30022' },
  });
});
