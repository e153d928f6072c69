/**
 * Quick standalone benchmark (not a test) of the async path on the embedded SQLite store:
 * paced (100 msgs, 100 ms apart): 202 p50/p95 and arrival p95 (client send → handler start, as
 * recorded by the function); burst (1,000 msgs at concurrency 64): 202 p50/p95, msgs/s accepted and
 * delivered, lost and duplicate ids (ids the function records).
 * Usage: node --import tsx bench/async-burst.ts [--burst N] [--prof <dir>]  (--prof: SlimFaas --cpu-prof)
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { LocalUp, recorderFunction } from '../test/helpers/local-up.js';
import { Collector } from '../test/helpers/collector.js';
import { waitFor } from '../test/helpers/wait.js';

const arg = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const BURST = Number(arg('--burst') ?? 1000);
const CONCURRENCY = 64;
const prof = arg('--prof');

const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const r2 = (n: number) => Math.round(n * 100) / 100;

const collector = await new Collector().start();
const up = await LocalUp.start(
  () => 'functions:\n' + recorderFunction('echo', {
    recordUrl: collector.url,
    annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/NumberParallelRequest': '64' },
  }),
  undefined,
  prof ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${prof}` } : {},
);
try {
  const sendAt = new Map<string, number>();
  const post = async (tag: string) => {
    const t0 = performance.now();
    const wall = Date.now();
    const res = await request(`${up.url}/async-function/echo/run?tag=${tag}`, { method: 'POST', body: 'x' });
    await res.body.dump();
    const ms = performance.now() - t0;
    if (res.statusCode !== 202) throw new Error(`status ${res.statusCode}`);
    const id = String(res.headers['slimfaas-element-id']);
    sendAt.set(id, wall);
    return { id, ms };
  };
  // warm-up: replica ready and connections open
  const warm = await post('warm');
  await waitFor(() => collector.starts('echo').some((r) => r.headers['slimfaas-element-id'] === warm.id), 60_000, 'warm-up delivered');

  const paced: Array<{ id: string; ms: number }> = [];
  for (let i = 0; i < 100; i++) { paced.push(await post(`p${i}`)); await sleep(100); }
  await waitFor(() => { const got = new Set(collector.starts('echo').map((r) => r.headers['slimfaas-element-id'])); return paced.every((p) => got.has(p.id)); }, 60_000, 'paced delivered');
  const firstStart = new Map<string, number>();
  for (const r of collector.starts('echo')) { const id = r.headers['slimfaas-element-id']!; if (!firstStart.has(id)) firstStart.set(id, r.at); }
  const arrivals = paced.map((p) => firstStart.get(p.id)! - sendAt.get(p.id)!);

  const burstIds: string[] = [];
  const burstMs: number[] = [];
  const startsBefore = collector.starts('echo').length;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < BURST) { const i = next++; const r = await post(`b${i}`); burstIds.push(r.id); burstMs.push(r.ms); }
  }));
  const acceptedS = (performance.now() - t0) / 1000;
  await waitFor(() => { const got = new Set(collector.starts('echo').slice(startsBefore).map((r) => r.headers['slimfaas-element-id'])); return burstIds.every((id) => got.has(id)); }, 120_000, 'burst delivered').catch(() => undefined);
  const deliveredS = (performance.now() - t0) / 1000;
  await sleep(500); // let any duplicate show up
  const seen = collector.starts('echo').slice(startsBefore).map((r) => r.headers['slimfaas-element-id']!);
  const counts = new Map<string, number>();
  for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
  const result = {
    paced202P50Ms: r2(pct(paced.map((p) => p.ms), 50)), paced202P95Ms: r2(pct(paced.map((p) => p.ms), 95)),
    arrivalP50Ms: r2(pct(arrivals, 50)), arrivalP95Ms: r2(pct(arrivals, 95)),
    burst202P50Ms: r2(pct(burstMs, 50)), burst202P95Ms: r2(pct(burstMs, 95)),
    acceptedMsgsPerSec: Math.round(BURST / acceptedS), deliveredMsgsPerSec: Math.round(BURST / deliveredS),
    lost: burstIds.filter((id) => !counts.has(id)).length,
    duplicates: [...counts.values()].filter((c) => c > 1).length,
  };
  console.log(JSON.stringify(result));
} finally {
  await up.stop().catch(() => undefined);
  await up.dispose();
  await collector.close();
}
