/**
 * `slimfaas local up` (platform.md §2.4): opens the state directory, checks ports, starts the
 * function replicas and auxiliary processes, one SlimFaas node (in this process, on the embedded
 * SQLite store) and the TCP entrypoint, prints the banner, and stops everything on SIGINT,
 * SIGTERM, SIGHUP or when its parent process dies. Processes a killed earlier run left behind are
 * stopped first (the process ledger in the state directory).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import type { LocalManifest } from '../config/manifest/types.js';
import { openStateDirectory } from '../config/manifest/state-directory.js';
import { ManifestError } from '../config/manifest/errors.js';
import { ProcessOrchestrator } from '../orchestrator/process/process-orchestrator.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { loadSettings } from '../config/settings.js';
import { createLogger, parseLogLevel } from '../logging.js';
import { startNode, type SlimFaasNode } from '../node.js';
import { EntrypointGateway } from './entrypoint-gateway.js';
import { whenStopRequested } from './stop-request.js';
import { stopLeftovers } from './leftovers.js';
import { ProcessLedger } from '../orchestrator/process/process-ledger.js';
import { observeChildren } from '../orchestrator/process/process-tree.js';

const NODE_NAME = 'slimfaas-0';

export async function runLocalUp(manifest: LocalManifest, options: { clean: boolean }): Promise<number> {
  const { cluster } = manifest;
  const reserved: Array<[string, number]> = [
    ['cluster.entrypointPort', cluster.entrypointPort],
    ...range(cluster.nodes).map((i): [string, number] => [`cluster.nodeHttpPortBase[${i}]`, cluster.nodeHttpPortBase + i]),
    ...range(cluster.nodes).map((i): [string, number] => [`cluster.raftPortBase[${i}]`, cluster.raftPortBase + i]),
  ];
  for (const [setting, port] of reserved) {
    if (!(await portIsFree(port))) throw new ManifestError([`${setting} port ${port} is already in use.`]);
  }
  const state = openStateDirectory(manifest, { clean: options.clean });
  const out = (line: string) => process.stdout.write(line + '\n');
  const leftovers = await stopLeftovers(state.path, manifest.state.mode === 'ephemeral').catch((err: Error) => {
    state.dispose();
    throw new ManifestError(`State directory '${state.path}': ${err.message}.`);
  });
  if (leftovers > 0) out(`Stopped ${leftovers} process(es) left running by a previous run that was killed.`);
  const ledger = new ProcessLedger(state.path);
  const unobserve = observeChildren(ledger);

  const nodeLogFile = join(state.logsDir, `${NODE_NAME}.log`);
  const logger = createLogger(parseLogLevel(cluster.nodeLogLevel, 'Error'), (line) => {
    out(`[node/${NODE_NAME}] ${line}`);
    appendFileSync(nodeLogFile, line + '\n');
  });
  const storeDir = join(state.dataDir, NODE_NAME);
  mkdirSync(storeDir, { recursive: true });
  const store = SqliteStore.open({ path: join(storeDir, 'store.sqlite') });
  await store.recoverInterruptedAttempts();
  // Keys the X-SlimFaas-Job-Signature of job gateways; new for every run of `up`.
  const supervisorToken = randomBytes(32).toString('hex');
  const orchestrator = new ProcessOrchestrator({
    manifest,
    logsDir: state.logsDir,
    ports: state.ports,
    reservedPorts: reserved.map(([, port]) => port),
    output: out,
    entrypointPort: cluster.entrypointPort,
    supervisorToken,
  });

  let node: SlimFaasNode | null = null;
  const entrypoint = new EntrypointGateway(() => (node ? [node] : []));
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await entrypoint.close().catch(() => undefined);
      await node?.stop().catch(() => undefined);
      await orchestrator.stop().catch(() => undefined);
      unobserve();
      ledger.flush();
      await store.close().catch(() => undefined);
      state.dispose();
    })());

  try {
    await orchestrator.start();
    const httpPort = cluster.nodeHttpPortBase;
    node = await startNode({
      settings: loadSettings({
        Data__DefaultVisibility: 'Public', // native local mode's default; an explicit setting wins
        ...process.env,
        HOSTNAME: NODE_NAME,
        SlimFaas__Orchestrator: 'Process',
        SlimFaas__Namespace: manifest.name,
        SlimFaas__BaseFunctionUrl: 'http://{pod_ip}:{pod_port}',
        SlimFaas__BaseFunctionPodUrl: 'http://{pod_ip}:{pod_port}',
        SlimFaas__WebSocketPort: '0',
      }),
      store,
      orchestrator,
      logger,
      host: '127.0.0.1',
      port: httpPort,
      dataDirectory: storeDir,
      extraPublicPorts: [cluster.entrypointPort],
      self: {
        name: NODE_NAME,
        ip: '127.0.0.1',
        ports: [cluster.raftPortBase, httpPort],
        started: true,
        ready: true,
        failureReason: '',
        annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(httpPort) },
      },
    });
    await entrypoint.listen(cluster.entrypointPort);
  } catch (err) {
    await stop();
    throw err;
  }

  out(`SlimFaas local '${manifest.name}' is running with ${cluster.nodes} node(s).`);
  out(`Auxiliary processes: ${manifest.processes.length}`);
  out(`Entrypoint: http://127.0.0.1:${cluster.entrypointPort}`);
  out(`State: ${state.path}`);
  out('Press Ctrl+C to stop.');

  const reason = await whenStopRequested();
  if (!reason.startsWith('SIG')) out(`Stopping: the ${reason}.`);
  out('Stopping…');
  await stop();
  return 0;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
