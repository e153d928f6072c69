/**
 * Benchmark (not a test): Store.queuePush latency (p50/p95, one caller) and throughput (64
 * concurrent callers), then pop+callback throughput, for the SQLite store (synchronous=FULL) and
 * the Redis store (a local redis-server with appendonly yes, appendfsync always) on this machine.
 * Usage: node --import tsx bench/store.ts [--quick | <pushes>]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisServer } from '../test/helpers/redis-server.js';
import { RedisStore } from '../src/store/redis/redis-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';

const quick = process.argv.includes('--quick');
const countArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const N = countArg ? Number(countArg) : quick ? 1_000 : 5_000;
const CONCURRENCY = 64;
const POLICY = { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [2, 4], httpStatusRetries: [500, 502, 503] };
const BODY = Buffer.alloc(512, 'x');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function bench(name: string, store: Store): Promise<void> {
  const latencies: number[] = [];
  for (let i = 0; i < N; i++) {
    const started = performance.now();
    await store.queuePush('Queue:seq', `s-${i}`, BODY, POLICY);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);

  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) await store.queuePush('Queue:par', `p-${next++}`, BODY, POLICY);
    }),
  );
  const pushRate = N / ((performance.now() - started) / 1000);

  const cycleStarted = performance.now();
  let cycled = 0;
  for (;;) {
    const elements = await store.queuePop('Queue:par', `tx-${cycled}`, 10);
    if (elements.length === 0) break;
    await Promise.all(elements.map((e) => store.queueCallback('Queue:par', [{ id: e.id, httpCode: 200 }])));
    cycled += elements.length;
  }
  const cycleRate = cycled / ((performance.now() - cycleStarted) / 1000);

  console.log(
    `${name.padEnd(8)} queuePush p50 ${percentile(latencies, 0.5).toFixed(3)} ms  p95 ${percentile(latencies, 0.95).toFixed(3)} ms` +
      `  | ${CONCURRENCY} concurrent: ${Math.round(pushRate)} push/s  | pop(10)+callback: ${Math.round(cycleRate)} elements/s`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'slimfaas-bench-store-'));
const server = await RedisServer.start();
try {
  console.log(`${N} pushes of ${BODY.length} B per mode`);
  const sqlite = SqliteStore.open({ path: join(dir, 'store.db') });
  await bench('sqlite', sqlite);
  await sqlite.close();
  const redis = await RedisStore.open({ url: server.url, namespace: 'bench' });
  await bench('redis', redis);
  await redis.close();
} finally {
  await server.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
