/**
 * Benchmark (not a test): what async status/results cost. Two recorder functions behind one
 * native-local SlimFaas, `on` (results kept, the default) and `off` (`ResultTtlSeconds: 0`,
 * dead letters still on): (1) 202 latency of `POST /async-function/<fn>/x` (64 B body, one
 * keep-alive client, alternating rounds) — median and p95; (2) a burst of N messages enqueued at
 * concurrency 32, timed until every id has reached the function (msg/s, delivered).
 * Usage: node --import tsx bench/async-results.ts [<burst>] | --quick (500 latency calls, burst 1,000, < 60 s)
 */
import { Agent, request } from 'undici';
import { LocalUp, recorderFunction } from '../test/helpers/local-up.js';
import { Collector } from '../test/helpers/collector.js';
import { waitFor } from '../test/helpers/wait.js';

const quick = process.argv.includes('--quick');
const countArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const BURST = countArg ? Number(countArg) : quick ? 1000 : 5000;
const CALLS = quick ? 500 : 2000;
const CONCURRENCY = 32;
const BODY = Buffer.alloc(64, 'x');

const collector = await new Collector().start();
const annotations = (results: boolean) => ({
  'SlimFaas/ReplicasMin': '1',
  'SlimFaas/NumberParallelRequest': '32',
  'SlimFaas/NumberParallelRequestPerPod': '32',
  ...(results ? {} : { 'SlimFaas/Configuration': '{"DefaultAsync":{"ResultTtlSeconds":0}}' }),
});
const up = await LocalUp.start(() => 'functions:\n' + recorderFunction('res-on', { recordUrl: collector.url, annotations: annotations(true) }) + recorderFunction('res-off', { recordUrl: collector.url, annotations: annotations(false) }));
const agent = new Agent({ connections: CONCURRENCY });

async function enqueue(fn: string, dispatcher: Agent = agent): Promise<string> {
  const res = await request(`${up.url}/async-function/${fn}/x`, { method: 'POST', body: BODY, dispatcher, headers: { 'content-type': 'application/json' } });
  await res.body.arrayBuffer();
  if (res.statusCode !== 202) throw new Error(`${fn} answered ${res.statusCode}`);
  return String(res.headers['slimfaas-element-id']);
}

const quantile = (samples: number[], q: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
const delivered = (fn: string) => new Set(collector.starts(fn).map((r) => r.headers['slimfaas-element-id'])).size;

try {
  await up.waitReady('res-on');
  await up.waitReady('res-off');
  // (1) 202 latency, alternating rounds on one keep-alive connection each.
  const single = new Agent({ connections: 1 });
  const latencies: Record<string, number[]> = { 'res-on': [], 'res-off': [] };
  for (const fn of ['res-on', 'res-off']) for (let i = 0; i < 50; i++) await enqueue(fn, single);
  for (let round = 0; round < 4; round++) {
    for (const fn of ['res-on', 'res-off']) {
      for (let i = 0; i < CALLS / 4; i++) {
        const t = performance.now();
        await enqueue(fn, single);
        latencies[fn].push(performance.now() - t);
      }
    }
  }
  await single.close();
  for (const fn of ['res-on', 'res-off']) await waitFor(() => delivered(fn) >= 50 + CALLS, 120_000, `${fn}: latency calls delivered`);

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
  const row = (fn: string) => `${fn.padEnd(7)} 202 median ${quantile(latencies[fn], 0.5).toFixed(2)} ms  p95 ${quantile(latencies[fn], 0.95).toFixed(2)} ms  burst ${BURST} @${CONCURRENCY}: ${burst[fn].toFixed(0)} msg/s delivered`;
  console.log(`async results (native local, SQLite): on = ResultTtlSeconds default (600), off = 0`);
  console.log(row('res-on'));
  console.log(row('res-off'));
} finally {
  await agent.close();
  await up.stop();
  await up.dispose();
  await collector.close();
}
