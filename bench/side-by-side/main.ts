/**
 * Side-by-side benchmark (measures, never asserts): direct vs SlimFaas node port vs entrypoint vs nginx, async, scaling, footprint.
 * Usage: node --import tsx bench/side-by-side/main.ts [--quick] [--repo <SlimFaas checkout>] [--out <dir>] [--compare <results.json>]
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { wrk } from './wrk.js';
import { newConnections } from './load.js';
import { startNginx } from './nginx.js';
import { cpuSeconds, memMb } from './proc.js';
import { percentile } from './stats.js';
import { send, settle } from './async.js';
import { scalingFromZero } from './scaling.js';
import { summary, type SyncRow } from './report.js';
import { printComparison } from './compare.js';
import { freePort } from '../../src/util/free-port.js';

const argv = process.argv.slice(2);
const opt = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const quick = argv.includes('--quick');
const HERE = import.meta.dirname;
const MAIN = resolve(HERE, '..', '..');
const repo = resolve(opt('--repo') ?? process.env.SLIMFAAS_BENCH_REPO ?? MAIN);
const ROUNDS = quick ? 1 : 3, SECONDS = quick ? 2 : 4;
const PAYLOADS = [64, 4096, 262144, 2097152], CONCURRENCY = [1, 16];
const ROUTES = ['direct', 'slimfaas', 'entrypoint', 'nginx'] as const;
type Route = (typeof ROUTES)[number];
const log = (s: string) => console.log(`[side-by-side] ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const { LocalUp } = (await import(pathToFileURL(join(repo, 'test', 'helpers', 'local-up.ts')).href)) as typeof import('../../test/helpers/local-up.js');
const work = mkdtempSync(join(tmpdir(), 'bench-sbs-'));
const TARGET = join(HERE, 'echo-target.mjs');
const echoArrivals = join(work, 'echo-arrivals.txt'), scaledArrivals = join(work, 'scaled-arrivals.txt');
const fn = (name: string, annotations: Record<string, string>, env: Record<string, string>) => [
  `  ${name}:`, `    command: ["${process.execPath}", "${TARGET}"]`, '    annotations:', '      SlimFaas/Function: "true"',
  ...Object.entries(annotations).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
  '    environment:', ...Object.entries(env).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`), '',
].join('\n');
const scale = { ReplicaMax: 4, ScrapeIntervalMilliseconds: 1000, Triggers: [{ MetricType: 'AverageValue', MetricName: 'backlog', Query: 'max(slimfaas_function_queue_ready_items{function="scaled"})', Threshold: 50 }] };
const up = await LocalUp.start(() => 'functions:\n' +
  fn('echo', { 'SlimFaas/ReplicasMin': '1' }, { ARRIVALS_FILE: echoArrivals }) +
  fn('scaled', { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '1', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '600', 'SlimFaas/NumberParallelRequest': '40', 'SlimFaas/NumberParallelRequestPerPod': '10', 'SlimFaas/Scale': JSON.stringify(scale), 'prometheus.io/scrape': 'true', 'prometheus.io/port': '{port}' }, { ARRIVALS_FILE: scaledArrivals, DELAY_MS: '1000' }));
let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
const startedAt = new Date().toISOString();
try {
  await up.waitReady('echo');
  const echoLog = readFileSync(join(up.stateDir, 'logs', 'echo-0.log'), 'utf8');
  const targetPort = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(echoLog)![1]);
  const targetPid = Number(/started pid=(\d+)/.exec(echoLog)![1]);
  const slimPid = up.child.pid!;
  const nginxPort = await freePort();
  nginx = await startNginx(nginxPort, targetPort);
  // Idle = settled: V8's memory reducer returns the start-up garbage a few seconds after the
  // allocation rate drops (seen here: 74 MiB at ready, 66 MiB 5 s later), so sample after 10 s.
  await sleep(10_000);
  const idleRssMb = memMb(slimPid, 'VmRSS');
  log(`SlimFaas ${repo}: idle RSS ${idleRssMb.toFixed(1)} MiB; target :${targetPort}, nginx :${nginxPort}`);
  const urls: Record<Route, string> = { direct: `http://127.0.0.1:${targetPort}/x`, slimfaas: `${up.nodeUrl}/function/echo/x`, entrypoint: `${up.url}/function/echo/x`, nginx: `http://127.0.0.1:${nginxPort}/x` };
  const cpuPid: Record<Route, number> = { direct: targetPid, slimfaas: slimPid, entrypoint: slimPid, nginx: nginx.child.pid! };
  const files = Object.fromEntries(PAYLOADS.map((b) => { const f = join(work, `body-${b}.bin`); writeFileSync(f, Buffer.alloc(b, 'x')); return [b, f]; }));
  for (const route of ROUTES) await wrk(urls[route], files[64]!, 16, 1); // warm-up
  const cells = new Map<string, SyncRow[]>();
  const cpu: Record<Route, { s: number; n: number }> = { direct: { s: 0, n: 0 }, slimfaas: { s: 0, n: 0 }, entrypoint: { s: 0, n: 0 }, nginx: { s: 0, n: 0 } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const bytes of PAYLOADS) for (const c of CONCURRENCY) {
      const order = ROUTES.map((_, i) => ROUTES[(i + round + PAYLOADS.indexOf(bytes)) % ROUTES.length]!);
      for (const route of order) {
        const before = cpuSeconds(cpuPid[route]);
        const f = await wrk(urls[route], files[bytes]!, c, SECONDS);
        if (bytes === 64 && c === 16) { cpu[route].s += cpuSeconds(cpuPid[route]) - before; cpu[route].n += f.requests; }
        if (f.errors) log(`${route} ${bytes} B c${c}: ${f.errors} errors`);
        const key = `${route}/${bytes}/${c}`;
        cells.set(key, [...(cells.get(key) ?? []), { route, payloadBytes: bytes, concurrency: c, p50Ms: f.p50Ms, p95Ms: f.p95Ms, p99Ms: f.p99Ms, rps: f.rps }]);
        log(`round ${round + 1} ${route.padEnd(10)} ${String(bytes).padStart(7)} B c${String(c).padEnd(2)} p50 ${f.p50Ms.toFixed(3)} p99 ${f.p99Ms.toFixed(3)} ms, ${f.rps.toFixed(0)} rps`);
      }
    }
  }
  const med = (xs: number[]) => percentile(xs, 0.5);
  const sync = [...cells.values()].map((rows) => ({ ...rows[0]!, p50Ms: med(rows.map((r) => r.p50Ms)), p95Ms: med(rows.map((r) => r.p95Ms)), p99Ms: med(rows.map((r) => r.p99Ms)), rps: med(rows.map((r) => r.rps)) }));
  const newConnection: Record<string, { p50Ms: number; p99Ms: number; failed: number }> = {};
  for (const route of ROUTES) {
    const t = await newConnections(urls[route], 200);
    const ok = t.filter(Number.isFinite);
    newConnection[route] = { p50Ms: percentile(ok, 0.5), p99Ms: percentile(ok, 0.99), failed: t.length - ok.length };
    log(`new connections ${route}: p50 ${newConnection[route]!.p50Ms.toFixed(1)} p99 ${newConnection[route]!.p99Ms.toFixed(1)} ms`);
    await sleep(500);
  }
  const asyncUrl = `${up.url}/async-function/echo/x`;
  // Warm-up, like wrk's for the sync routes: the first burst after start also pays V8's compilation
  // of the async paths (about 1.3 ms of CPU per message here, against 0.45 ms warm).
  const warmIds = Array.from({ length: 1000 }, (_, i) => `warm-${i}`);
  await settle(echoArrivals, (await send(asyncUrl, warmIds, { concurrency: 64 })).accepted);
  const pacedIds = Array.from({ length: 100 }, (_, i) => `paced-${i}`);
  const paced = await send(asyncUrl, pacedIds, { intervalMs: 100 });
  const pacedDone = await settle(echoArrivals, paced.accepted);
  const burstIds = Array.from({ length: 1000 }, (_, i) => `burst-${i}`);
  const burst = await send(asyncUrl, burstIds, { concurrency: 64 });
  const burstDone = await settle(echoArrivals, burst.accepted);
  const burstDeliveredMs = burstDone.doneAt - burst.startedAt;
  const asyncFigures = {
    acceptP95Ms: percentile(paced.accept, 0.95), arrivalP95Ms: pacedDone.arrivalP95Ms,
    burstMsgsPerSec: burst.accepted.length / (burstDeliveredMs / 1000),
    lost: pacedDone.lost + burstDone.lost, notAccepted: 1100 - paced.accepted.length - burst.accepted.length, duplicates: pacedDone.duplicates + burstDone.duplicates,
    paced: { messages: 100, intervalMs: 100, accepted: paced.accepted.length, acceptP50Ms: percentile(paced.accept, 0.5), acceptP99Ms: percentile(paced.accept, 0.99), ...pacedDone, doneAt: undefined },
    burst: { messages: 1000, concurrency: 64, accepted: burst.accepted.length, acceptMsgsPerSec: burst.accepted.length / (burst.acceptElapsedMs / 1000), acceptP95Ms: percentile(burst.accept, 0.95), deliveredMs: burstDeliveredMs, ...burstDone, doneAt: undefined },
  };
  log(`async: 202 p95 ${asyncFigures.acceptP95Ms.toFixed(2)} ms, arrival p95 ${asyncFigures.arrivalP95Ms.toFixed(2)} ms, burst ${asyncFigures.burstMsgsPerSec.toFixed(0)} msg/s delivered (${asyncFigures.burst.acceptMsgsPerSec.toFixed(0)} accepted), lost ${asyncFigures.lost}, dup ${asyncFigures.duplicates}`);
  const scaling = { messages: 200, ...(await scalingFromZero(up.url, 'scaled', scaledArrivals, 200, quick ? 60_000 : 90_000)) };
  log(`scaling: ${JSON.stringify(scaling)}`);
  const per10k = (r: Route) => (cpu[r].n ? (cpu[r].s / cpu[r].n) * 1e4 : NaN);
  const footprint = { idleRssMb, peakRssMb: memMb(slimPid, 'VmHWM'), cpuSecondsPer10k: per10k('slimfaas'), entrypointCpuSecondsPer10k: per10k('entrypoint'), nginxCpuSecondsPer10k: per10k('nginx'), directCpuSecondsPer10k: per10k('direct'), nginxRssMb: memMb(nginx.child.pid!, 'VmRSS'), targetRssMb: memMb(targetPid, 'VmRSS') };
  const results = { startedAt, repo, quick, rounds: ROUNDS, seconds: SECONDS, sync, newConnection, async: asyncFigures, scaling, footprint };
  const out = resolve(opt('--out') ?? join(MAIN, 'bench-results', startedAt.replace(/[:.]/g, '-')));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(out, 'summary.md'), summary(results));
  if (!opt('--out')) { rmSync(join(MAIN, 'bench-results', 'latest'), { recursive: true, force: true }); cpSync(out, join(MAIN, 'bench-results', 'latest'), { recursive: true }); }
  console.log(summary(results));
  log(`results in ${out}`);
  const cmp = opt('--compare');
  if (cmp) printComparison(JSON.parse(readFileSync(cmp, 'utf8')), results);
} finally {
  await nginx?.stop();
  await up.stop();
  await up.dispose();
  rmSync(work, { recursive: true, force: true });
}
