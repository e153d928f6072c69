/**
 * `slimfaas local up` (platform.md §2.4): opens the state directory, checks ports, starts the
 * function replicas and auxiliary processes, the SlimFaas node(s) — one in this process on the
 * embedded SQLite store, or 2–3 node processes on Redis behind the supervisor control API — and
 * the TCP entrypoint, prints the banner, and stops everything on SIGINT, SIGTERM, SIGHUP or when
 * its parent process dies. Processes a killed earlier run left behind are stopped first (the
 * process ledger in the state directory records replicas, node processes and redis-server alike).
 */
import net from 'node:net';
import type { LocalManifest } from '../config/manifest/types.js';
import { openStateDirectory } from '../config/manifest/state-directory.js';
import { ManifestError } from '../config/manifest/errors.js';
import { ProcessOrchestrator } from '../orchestrator/process/process-orchestrator.js';
import { newControlToken } from '../orchestrator/supervisor/control-protocol.js';
import { EntrypointGateway, type EntrypointNode } from './entrypoint-gateway.js';
import { whenStopRequested } from './stop-request.js';
import { stopLeftovers } from './leftovers.js';
import { ProcessLedger } from '../orchestrator/process/process-ledger.js';
import { observeChildren } from '../orchestrator/process/process-tree.js';
import { startLocalSingleNode, type LocalSingleNode } from './local-single-node.js';
import { redisSource, startLocalCluster, type LocalCluster } from './local-cluster/start-cluster.js';
import { waitFor } from '../util/wait-for.js';

/** How long the banner waits for every node process to be ready before it is printed anyway. */
const NODES_READY_TIMEOUT_MS = 120_000;

export async function runLocalUp(manifest: LocalManifest, options: { clean: boolean }): Promise<number> {
  const { cluster } = manifest;
  const reserved: Array<[string, number]> = [
    ['cluster.entrypointPort', cluster.entrypointPort],
    ...range(cluster.nodes).map((i): [string, number] => [`cluster.nodeHttpPortBase[${i}]`, cluster.nodeHttpPortBase + i]),
    ...range(cluster.nodes).map((i): [string, number] => [`cluster.raftPortBase[${i}]`, cluster.raftPortBase + i]),
  ];
  const redis = cluster.nodes > 1 ? redisSource(manifest) : null;
  const state = openStateDirectory(manifest, { clean: options.clean });
  const out = (line: string) => process.stdout.write(line + '\n');
  // Leftovers first: node processes of a killed run may still hold the node ports.
  const leftovers = await stopLeftovers(state.path, manifest.state.mode === 'ephemeral').catch((err: Error) => {
    state.dispose();
    throw new ManifestError(`State directory '${state.path}': ${err.message}.`);
  });
  if (leftovers > 0) out(`Stopped ${leftovers} process(es) left running by a previous run that was killed.`);
  for (const [setting, port] of reserved) {
    if (!(await portIsFree(port))) {
      state.dispose();
      throw new ManifestError([`${setting} port ${port} is already in use.`]);
    }
  }
  const ledger = new ProcessLedger(state.path);
  const unobserve = observeChildren(ledger);
  const stopRequested = whenStopRequested();

  // The control API token; it also keys the X-SlimFaas-Job-Signature of job gateways. New for every run of `up`.
  const token = newControlToken();
  const orchestrator = new ProcessOrchestrator({
    manifest,
    logsDir: state.logsDir,
    ports: state.ports,
    reservedPorts: reserved.map(([, port]) => port),
    output: out,
    entrypointPort: cluster.entrypointPort,
    supervisorToken: token,
  });

  let single: LocalSingleNode | null = null;
  let multi: LocalCluster | null = null;
  let entrypoint: EntrypointGateway | null = null;
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await entrypoint?.close().catch(() => undefined);
      await single?.stop();
      await multi?.stopNodes().catch(() => undefined);
      await orchestrator.stop().catch(() => undefined);
      await multi?.stopRedis().catch(() => undefined);
      unobserve();
      ledger.flush();
      state.dispose();
    })());

  // A stop requested while starting ends the start instead of killing this process mid-way.
  let reason = null as string | null;
  void stopRequested.then((why) => (reason ??= why));
  try {
    await orchestrator.start();
    let nodes: () => EntrypointNode[];
    if (redis === null) {
      single = await startLocalSingleNode({ manifest, orchestrator, logsDir: state.logsDir, dataDir: state.dataDir, out });
      const node = single.node;
      nodes = () => [node];
      entrypoint = new EntrypointGateway(nodes);
    } else {
      multi = await startLocalCluster({ manifest, redis, orchestrator, token, logsDir: state.logsDir, dataDir: state.dataDir, output: out });
      const supervised = multi.nodes.entrypointNodes();
      nodes = () => supervised;
      entrypoint = new EntrypointGateway(nodes, { proxySecret: multi.clusterSecret });
    }
    await entrypoint.listen(cluster.entrypointPort);
    if (multi) {
      const started = multi.nodes;
      const allReady = waitFor(() => started.readyCount() === cluster.nodes, NODES_READY_TIMEOUT_MS, 100);
      const ready = await Promise.race([allReady, stopRequested.then(() => false)]);
      if (!ready && reason === null) {
        out(`warning: ${cluster.nodes - started.readyCount()} of ${cluster.nodes} node(s) are not ready yet; see ${state.logsDir}/slimfaas-<i>.log.`);
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }

  if (reason === null) {
    out(`SlimFaas local '${manifest.name}' is running with ${cluster.nodes} node(s).`);
    out(`Auxiliary processes: ${manifest.processes.length}`);
    out(`Entrypoint: http://127.0.0.1:${cluster.entrypointPort}`);
    out(`State: ${state.path}`);
    out('Press Ctrl+C to stop.');
    reason = await stopRequested;
  }
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
