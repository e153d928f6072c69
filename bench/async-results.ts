/**
 * Benchmark (not a test): what async status/results cost. Two recorder functions behind one
 * native-local SlimFaas, `on` (results kept, the default) and `off` (`ResultTtlSeconds: 0`,
 * dead letters still on): (1) 202 latency of `POST /async-function/<fn>/x` (64 B body, alternating
 * rounds, each on one keep-alive connection after 50 unmeasured calls) — median and p95; (2) a
 * burst of N messages enqueued at concurrency 32, timed until every id has reached the function
 * (msg/s, delivered).
 * Usage: node --import tsx bench/async-results.ts [<burst>] | --quick (500 latency calls, burst 1,000, < 60 s)
 */
import { Agent, request } from 'undici';
import { LocalUp, recorderFunction } from '../test/helpers/local-up.js';
import { Collector } from '../test/helpers/collector.js';
import { waitFor } from '../test/helpers/wait.js';
import { percentile, sampleLatencies } from './latency.js';

const quick = process.argv.includes('--quick');
const countArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const BURST = countArg ? Number(countArg) : quick ? 1000 : 5000;
const CALLS = quick ? 500 : 2000;
const CONCURRENCY = 32;
const BODY = Buffer.alloc(64, 'x');
const WARMUP = 50; // unmeasured calls at the start of each latency round (a fresh connection)

const collector = await new Collector().start();
const annotations = (results: boolean) => ({
  'SlimFaas/ReplicasMin': '1',
  'SlimFaas/NumberParallelRequest': '32',
  'SlimFaas/NumberParallelRequestPerPod': '32',
  ...(results ? {} : { 'SlimFaas/Configuration': '{"DefaultAsync":{"ResultTtlSeconds":0}}' }),
});
const up = await LocalUp.start(() => 'functions:\n' + recorderFunction('res-on', { recordUrl: collector.url, annotations: annotations(true) }) + recorderFunction('res-off', { recordUrl: collector.url, annotations: annotations(false) }));
const agent = new Agent({ connections: CONCURRENCY });

async function enqueue(fn: string): Promise<void> {
  const res = await request(`${up.url}/async-function/${fn}/x`, { method: 'POST', body: BODY, dispatcher: agent, headers: { 'content-type': 'application/json' } });
  await res.body.arrayBuffer();
  if (res.statusCode !== 202) throw new Error(`${fn} answered ${res.statusCode}`);
}

const delivered = (fn: string) => new Set(collector.starts(fn).map((r) => r.headers['slimfaas-element-id'])).size;

try {
  await up.waitReady('res-on');
  await up.waitReady('res-off');
  // (1) 202 latency, alternating rounds, each on one keep-alive connection after WARMUP unmeasured calls.
  const latencies: Record<string, number[]> = { 'res-on': [], 'res-off': [] };
  for (let round = 0; round < 4; round++) {
    for (const fn of ['res-on', 'res-off']) latencies[fn].push(...(await sampleLatencies(`${up.url}/async-function/${fn}/x`, BODY, CALLS / 4, WARMUP, 202)));
  }
  for (const fn of ['res-on', 'res-off']) await waitFor(() => delivered(fn) >= 4 * WARMUP + CALLS, 120_000, `${fn}: latency calls delivered`);

  // (2) bursts, one function at a time.
  const burst: Record<string, number> = {};
  for (const fn of ['res-on', 'res-off']) {
    const before = delivered(fn);
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < BURST) {
        next++;
        await enqueue(fn);
      }
    }));
    await waitFor(() => delivered(fn) >= before + BURST, 300_000, `${fn}: burst delivered`, 5);
    burst[fn] = BURST / ((performance.now() - started) / 1000);
  }
  const row = (fn: string) => `${fn.padEnd(7)} 202 median ${percentile(latencies[fn], 0.5).toFixed(2)} ms  p95 ${percentile(latencies[fn], 0.95).toFixed(2)} ms  burst ${BURST} @${CONCURRENCY}: ${burst[fn].toFixed(0)} msg/s delivered`;
  console.log(`async results (native local, SQLite): on = ResultTtlSeconds default (600), off = 0`);
  console.log(row('res-on'));
  console.log(row('res-off'));
} finally {
  await agent.close();
  await up.stop();
  await up.dispose();
  await collector.close();
}
