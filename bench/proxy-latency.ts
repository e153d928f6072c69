/**
 * Benchmark (not a test): added latency of `/function/<name>/…` over calling the same demo
 * function directly (64 B POST body, one client, keep-alive, median of N calls), through the node
 * port and through the native-local TCP entrypoint; plus the idle RSS of `slimfaas local up`.
 * Usage: npm run bench [-- <calls>] | npm run bench -- --quick (1,000 calls after 200 warm-up)
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { join } from 'node:path';
import { LocalUp, REPO } from '../test/helpers/local-up.js';

const quick = process.argv.includes('--quick');
const countArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const CALLS = countArg ? Number(countArg) : quick ? 1000 : 3000;
const WARMUP = quick ? 200 : 300;
const BODY = Buffer.alloc(64, 'x');

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

async function measure(url: string): Promise<{ median: number; p90: number; p99: number }> {
  const agent = new Agent({ connections: 1, pipelining: 1 });
  const once = async () => {
    const started = process.hrtime.bigint();
    const res = await request(url, { method: 'POST', body: BODY, dispatcher: agent, headers: { 'content-type': 'application/json' } });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) samples.push(await once());
  await agent.close();
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: at(0.5), p90: at(0.9), p99: at(0.99) };
}

const demo = join(REPO, 'examples', 'functions', 'fibonacci.mjs');
const up = await LocalUp.start(() =>
  [
    'functions:',
    '  echo:',
    `    command: ["${process.execPath}", "${demo}"]`,
    '    annotations:',
    '      SlimFaas/Function: "true"',
    '      SlimFaas/ReplicasMin: "1"',
    '',
  ].join('\n'),
);
try {
  await up.waitReady('echo');
  await new Promise((r) => setTimeout(r, 3000));
  const idleRss = rssKiB(up.child.pid!);
  const log = readFileSync(join(up.stateDir, 'logs', 'echo-0.log'), 'utf8');
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log)![1]);
  const direct = await measure(`http://127.0.0.1:${port}/hello/x`);
  const viaNode = await measure(`${up.nodeUrl}/function/echo/hello/x`);
  const viaEntrypoint = await measure(`${up.url}/function/echo/hello/x`);
  const loadedRss = rssKiB(up.child.pid!);
  const fmt = (r: { median: number; p90: number; p99: number }) => `median ${r.median.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`;
  console.log(`calls per path: ${CALLS} (after ${WARMUP} warm-up), body 64 B, one client, keep-alive`);
  console.log(`direct to the function:        ${fmt(direct)}`);
  console.log(`via node port /function/…:     ${fmt(viaNode)}  (added median ${(viaNode.median - direct.median).toFixed(3)} ms)`);
  console.log(`via entrypoint /function/…:    ${fmt(viaEntrypoint)}  (added median ${(viaEntrypoint.median - direct.median).toFixed(3)} ms)`);
  console.log(`slimfaas local up RSS: idle ${(idleRss / 1024).toFixed(1)} MiB, after the run ${(loadedRss / 1024).toFixed(1)} MiB (supervisor + node in one process; replicas excluded)`);
} finally {
  await up.stop();
  await up.dispose();
}
