/**
 * The node side of `slimfaas local up` with one node: the node runs in the supervisor's own
 * process on the embedded SQLite store of `<state>/data/slimfaas-0` (lighter and faster than a
 * node process), and the entrypoint hands it each connection in-process.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalManifest } from '../config/manifest/types.js';
import { loadSettings } from '../config/settings.js';
import { createLogger, parseLogLevel } from '../logging.js';
import { startNode, type SlimFaasNode } from '../node.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

const NODE_NAME = 'slimfaas-0';

export interface LocalSingleNode {
  node: SlimFaasNode;
  /** The node, then its store. */
  stop(): Promise<void>;
}

export async function startLocalSingleNode(o: {
  manifest: LocalManifest;
  orchestrator: Orchestrator;
  logsDir: string;
  dataDir: string;
  out: (line: string) => void;
}): Promise<LocalSingleNode> {
  const { cluster } = o.manifest;
  const nodeLogFile = join(o.logsDir, `${NODE_NAME}.log`);
  const logger = createLogger(parseLogLevel(cluster.nodeLogLevel, 'Error'), (line) => {
    o.out(`[node/${NODE_NAME}] ${line}`);
    appendFileSync(nodeLogFile, line + '\n');
  });
  const storeDir = join(o.dataDir, NODE_NAME);
  mkdirSync(storeDir, { recursive: true });
  const store = SqliteStore.open({ path: join(storeDir, 'store.sqlite') });
  try {
    await store.recoverInterruptedAttempts();
    const httpPort = cluster.nodeHttpPortBase;
    const node = await startNode({
      settings: loadSettings({
        Data__DefaultVisibility: 'Public', // native local mode's default; an explicit setting wins
        ...process.env,
        HOSTNAME: NODE_NAME,
        SlimFaas__Orchestrator: 'Process',
        SlimFaas__Namespace: o.manifest.name,
        SlimFaas__BaseFunctionUrl: 'http://{pod_ip}:{pod_port}',
        SlimFaas__BaseFunctionPodUrl: 'http://{pod_ip}:{pod_port}',
        SlimFaas__WebSocketPort: '0',
      }),
      store,
      orchestrator: o.orchestrator,
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
    return {
      node,
      async stop() {
        await node.stop().catch(() => undefined);
        await store.close().catch(() => undefined);
      },
    };
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}
