/**
 * Several real `slimfaas serve` processes (Kubernetes mode against kube-sim) on one store, a fast
 * sink function whose replicas log every delivery, and an async load generator: shared by the
 * Redis chaos tests and `npm run bench` (bench/cluster.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';
import { startKubeSim, type KubeSim } from '../../src/kube-sim/index.js';
import { REPO } from './local-up.js';
import { waitFor } from './wait.js';

export const SINK = join(REPO, 'test', 'fixtures', 'sink-function.mjs');

/** kube-sim running the `sink` function: `replicas` pods logging deliveries under `recordDir`. */
export async function startSinkCluster(recordDir: string, replicas = 2, annotations: Record<string, string> = {}): Promise<KubeSim> {
  mkdirSync(recordDir, { recursive: true });
  const sim = await startKubeSim({ probeIntervalMs: 200 });
  sim.client.apply([
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'sink' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'sink' } },
        template: {
          metadata: {
            labels: { app: 'sink' },
            annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': String(replicas), 'SlimFaas/NumberParallelRequest': '32', ...annotations },
          },
          spec: {
            containers: [
              {
                name: 'sink',
                image: 'example/sink:1',
                command: [process.execPath, SINK],
                env: [{ name: 'PORT', value: '8080' }, { name: 'RECORD_DIR', value: recordDir }],
                ports: [{ containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 1 },
              },
            ],
          },
        },
      },
    },
  ]);
  await waitFor(() => sim.pods('default').filter((p) => p.name.startsWith('sink-') && p.ready).length === replicas, 30_000, 'the sink pods');
  return sim;
}

export interface ServeNode {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  output: string;
  alive: boolean;
  pool: Pool;
}

export interface ServeNodeOptions {
  name: string;
  port: number;
  sim: KubeSim;
  dataDirectory: string;
  /** Store settings (SlimFaas__Store, SlimFaas__RedisUrl, SlimFaas__ClusterSecret, …). */
  env?: Record<string, string>;
}

/** Spawns `slimfaas serve` and resolves once it listens and `/ready` answers 200. */
export async function startServeNode(o: ServeNodeOptions): Promise<ServeNode> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'slimfaas.js'), 'serve', '--port', String(o.port), '--host', '127.0.0.1'], {
    env: {
      ...process.env,
      KUBECONFIG: o.sim.kubeconfigPath,
      HOSTNAME: o.name,
      SlimFaas__Orchestrator: 'Kubernetes',
      SlimFaas__Namespace: 'default',
      SlimData__Directory: o.dataDirectory,
      Data__DefaultVisibility: 'Public',
      Workers__ReplicasSynchronizationDelayMilliseconds: '1000',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${o.port}`;
  const node: ServeNode = { name: o.name, url, child, output: '', alive: true, pool: new Pool(url, { connections: 16 }) };
  child.stdout!.on('data', (c) => (node.output += c));
  child.stderr!.on('data', (c) => (node.output += c));
  child.once('exit', () => (node.alive = false));
  await waitFor(() => node.output.includes('SlimFaas listening on') || !node.alive, 60_000, `slimfaas serve ${o.name}`);
  if (!node.alive) throw new Error(`slimfaas serve ${o.name} exited:\n${node.output}`);
  await waitFor(async () => (await fetch(`${url}/ready`).then((r) => r.status).catch(() => 0)) === 200, 30_000, `${o.name} ready`);
  return node;
}

/** kill -9 by PID; resolves once the process is gone. */
export async function killNode(node: ServeNode, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise((r) => node.child.once('exit', r));
  node.child.kill(signal);
  await exited;
  node.alive = false;
  await node.pool.destroy().catch(() => undefined);
}

export async function stopNodes(nodes: ServeNode[]): Promise<void> {
  await Promise.all(nodes.map((n) => killNode(n, 'SIGTERM')));
}

export interface Delivery {
  at: number;
  id: string;
  tryNumber: number;
  bytes: number;
}

/** Every delivery the sink replicas logged, oldest first. */
export function readDeliveries(recordDir: string): Delivery[] {
  const out: Delivery[] = [];
  for (const file of readdirSync(recordDir)) {
    for (const line of readFileSync(join(recordDir, file), 'utf8').split('\n')) {
      const [at, id, tryNumber, bytes] = line.split(' ');
      if (at && id) out.push({ at: Number(at), id, tryNumber: Number(tryNumber), bytes: Number(bytes) });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

export interface LoadResult {
  /** Element id → when its 202 arrived. */
  accepted: Map<string, number>;
  /** Latency of each 202 (ms). */
  latencies: number[];
  /** Answers other than 202 (the 503 while the store is down) and connection errors. */
  refused: number;
  errors: number;
  durationMs: number;
}

export interface LoadOptions {
  count: number;
  concurrency: number;
  /** The nodes to spread requests over (round-robin over the live ones). */
  nodes: () => ServeNode[];
  /** Called after each 202 with the number accepted so far (chaos triggers). */
  onAccepted?: (accepted: number) => void;
}

/** Sends async calls until `count` were answered 202 (a refused or failed call is tried again on the next node). */
export async function sendAsyncLoad(o: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { accepted: new Map(), latencies: [], refused: 0, errors: 0, durationMs: 0 };
  let next = 0;
  let turn = 0;
  let inFlight = 0;
  const started = performance.now();
  const worker = async () => {
    while (result.accepted.size + inFlight < o.count) {
      const i = next++;
      inFlight++;
      try {
        for (;;) {
          const live = o.nodes().filter((n) => n.alive);
          if (live.length === 0) throw new Error('no SlimFaas node is alive');
          const node = live[turn++ % live.length]!;
          const t0 = performance.now();
          try {
            const res = await node.pool.request({ path: `/async-function/sink/work?i=${i}`, method: 'POST', body: `payload ${i}`, headersTimeout: 10_000 });
            await res.body.dump();
            const id = res.headers['slimfaas-element-id'];
            if (res.statusCode === 202 && typeof id === 'string') {
              result.latencies.push(performance.now() - t0);
              result.accepted.set(id, Date.now());
              o.onAccepted?.(result.accepted.size);
              break;
            }
            result.refused++;
          } catch {
            result.errors++;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  result.durationMs = performance.now() - started;
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * When the first delivery after `killedAt` that follows a silence of at least `gapMs` arrived:
 * the dead leader's last requests land within milliseconds of its death, the new leader's after
 * the lease ran out.
 */
export function firstDeliveryAfterSilence(deliveries: Delivery[], killedAt: number, gapMs = 1000): number | null {
  let previous = killedAt;
  for (const d of deliveries) {
    if (d.at < killedAt) continue;
    if (d.at - previous >= gapMs) return d.at;
    previous = d.at;
  }
  return null;
}
