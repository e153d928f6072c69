/**
 * Benchmark (not a test): async acceptance through real `slimfaas serve` nodes in Kubernetes mode
 * (kube-sim, a sink function of 2 replicas), on SQLite (one node) and on Redis (one node, then
 * three nodes): 202 latency p50/p95, acceptance throughput and time until every accepted call was
 * delivered (after 200 unmeasured calls); then, on three Redis nodes, the leader killed with kill -9 under load: failover time
 * (death to the new leader's first delivery) and duplicate deliveries.
 * Usage: node --import tsx bench/cluster.ts [--quick | <calls>]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { KubeSim } from '../src/kube-sim/index.js';
import { RedisServer } from '../test/helpers/redis-server.js';
import { pickPorts } from '../test/helpers/local-up.js';
import { waitFor } from '../test/helpers/wait.js';
import {
  firstDeliveryAfterSilence, killNode, percentile, readDeliveries, sendAsyncLoad, startServeNode, startSinkCluster, stopNodes, type ServeNode,
} from '../test/helpers/serve-cluster.js';

const quick = process.argv.includes('--quick');
const countArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const N = countArg ? Number(countArg) : quick ? 2_000 : 10_000;
const CONCURRENCY = 32;

interface Run {
  label: string;
  nodes: ServeNode[];
  recordDir: string;
}

const WARM_UP = 200;

async function measure(run: Run, onAccepted?: (n: number) => void) {
  await sendAsyncLoad({ count: WARM_UP, concurrency: CONCURRENCY, nodes: () => run.nodes });
  const before = new Set(readDeliveries(run.recordDir).map((d) => d.id));
  const load = await sendAsyncLoad({ count: N, concurrency: CONCURRENCY, nodes: () => run.nodes, onAccepted });
  const startedAt = Date.now() - load.durationMs;
  await waitFor(() => {
    const seen = new Set(readDeliveries(run.recordDir).map((d) => d.id));
    return [...load.accepted.keys()].every((id) => seen.has(id));
  }, 300_000, `${run.label}: every accepted call delivered`, 200);
  const deliveries = readDeliveries(run.recordDir).filter((d) => load.accepted.has(d.id) && !before.has(d.id));
  const lastDelivery = Math.max(...deliveries.map((d) => d.at));
  return { load, deliveries, deliveredInMs: lastDelivery - startedAt };
}

function report(label: string, m: Awaited<ReturnType<typeof measure>>): void {
  const { load } = m;
  console.log(
    `${label.padEnd(22)} 202 p50 ${percentile(load.latencies, 50).toFixed(2).padStart(6)} ms  p95 ${percentile(load.latencies, 95).toFixed(2).padStart(6)} ms  ` +
      `accepted ${Math.round(N / (load.durationMs / 1000)).toString().padStart(5)}/s  all ${N} delivered in ${(m.deliveredInMs / 1000).toFixed(2)} s`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'slimfaas-bench-cluster-'));
  const recordDir = join(dir, 'deliveries');
  let sim: KubeSim | undefined;
  let redis: RedisServer | undefined;
  const started: ServeNode[] = [];
  try {
    sim = await startSinkCluster(recordDir, 2);
    redis = await RedisServer.start();
    const base = (await pickPorts()).processFrom;
    let nextPort = base;
    const node = async (name: string, env: Record<string, string>) => {
      const n = await startServeNode({ name, port: nextPort++, sim: sim!, dataDirectory: join(dir, name), env });
      started.push(n);
      return n;
    };
    const redisEnv = { SlimFaas__Store: 'redis', SlimFaas__RedisUrl: redis.url, SlimFaas__ClusterSecret: 'bench' };
    const probe = new Redis(redis.url);
    probe.on('error', () => undefined);
    const leaderName = async () => (await probe.get('{slimfaas:default}:leader'))?.replace(/:\d+$/, '');
    console.log(`async acceptance, ${N} calls, ${CONCURRENCY} concurrent callers, through slimfaas serve (Kubernetes mode, kube-sim)`);

    const sqlite = await node('bench-sqlite', {});
    report('SQLite, 1 node', await measure({ label: 'sqlite', nodes: [sqlite], recordDir }));
    await stopNodes([sqlite]);

    const single = await node('bench-redis-1', redisEnv);
    await waitFor(async () => (await leaderName()) === single.name, 10_000, 'the node leads');
    report('Redis, 1 node', await measure({ label: 'redis-1', nodes: [single], recordDir }));
    await stopNodes([single]);

    const three = [await node('bench-a', redisEnv), await node('bench-b', redisEnv), await node('bench-c', redisEnv)];
    await waitFor(async () => {
      const name = await leaderName();
      return three.some((n) => n.name === name);
    }, 10_000, 'a leader among the three');
    report('Redis, 3 nodes', await measure({ label: 'redis-3', nodes: three, recordDir }));

    const leadName = await leaderName();
    const leader = three.find((n) => n.name === leadName)!;
    let killedAt = 0;
    let kill: Promise<void> = Promise.resolve();
    const failover = await measure({ label: 'failover', nodes: three, recordDir }, (n) => {
      if (n === Math.floor(N / 5)) {
        killedAt = Date.now();
        kill = killNode(leader);
      }
    });
    await kill;
    const handover = firstDeliveryAfterSilence(failover.deliveries, killedAt);
    const duplicates = failover.deliveries.length - failover.load.accepted.size;
    report('Redis, 3, leader -9', failover);
    console.log(
      `failover: leader ${leader.name} killed with kill -9 after ${Math.floor(N / 5)} accepted; new leader's first delivery ${handover === null ? 'not seen' : `${handover - killedAt} ms`} after; ` +
        `${duplicates} duplicate deliveries of ${N} accepted; ${failover.load.refused + failover.load.errors} calls refused or cut and retried by the client`,
    );
    probe.disconnect();
  } finally {
    await stopNodes(started);
    await sim?.stop();
    await redis?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
