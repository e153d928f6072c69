/**
 * Benchmark (not a test): added latency of `/function/<name>/…` over calling the same demo
 * function directly (64 B POST body, one client, keep-alive, median of N calls), through the node
 * port and through the native-local TCP entrypoint, and through the node port again while a
 * `/status-functions-stream` client is connected and consuming its frames (the dashboard's cost);
 * plus the idle RSS of `slimfaas local up`.
 * Usage: npm run bench [-- <calls>] | npm run bench -- --quick (1,000 calls after 200 warm-up)
 */
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { figures, sampleLatencies, type Figures } from './latency.js';
import { join } from 'node:path';
import { LocalUp, REPO } from '../test/helpers/local-up.js';
import { statusKiB } from '../test/helpers/proc-status.js';

const quick = process.argv.includes('--quick');
const countArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const CALLS = countArg ? Number(countArg) : quick ? 1000 : 3000;
const WARMUP = quick ? 200 : 300;
const BODY = Buffer.alloc(64, 'x');

async function measure(url: string): Promise<Figures> {
  return figures(await sampleLatencies(url, BODY, CALLS, WARMUP));
}

/**
 * A dashboard-like SSE client in its own process (as a browser would be, so that its reading does
 * not delay the measuring client): reads and parses every frame until stopped, then reports how
 * many arrived.
 */
const LISTENER = `
  const http = require('node:http');
  let count = 0, buffer = '';
  http.get(process.argv[1], { agent: false }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\\n\\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        JSON.parse(frame.slice(frame.indexOf('data: ') + 6));
        if (count++ === 0) process.stderr.write('listening\\n');
      }
    });
  });
  process.on('SIGTERM', () => { process.stdout.write(String(count)); process.exit(0); });
`;

async function listen(url: string): Promise<{ close: () => Promise<number> }> {
  const child = spawn(process.execPath, ['-e', LISTENER, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  // Connected once its first frame (the initial state) is read.
  await new Promise<void>((resolve, reject) => {
    child.stderr!.once('data', () => resolve());
    child.once('exit', () => reject(new Error('the SSE listener exited')));
  });
  return {
    close: async () => {
      child.kill('SIGTERM');
      await exited;
      return Number(out);
    },
  };
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
  const idleRss = statusKiB(up.child.pid!, 'VmRSS');
  const log = readFileSync(join(up.stateDir, 'logs', 'echo-0.log'), 'utf8');
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log)![1]);
  const direct = await measure(`http://127.0.0.1:${port}/hello/x`);
  const viaNode = await measure(`${up.nodeUrl}/function/echo/hello/x`);
  const listener = await listen(`${up.nodeUrl}/status-functions-stream`);
  const viaNodeListened = await measure(`${up.nodeUrl}/function/echo/hello/x`);
  const frames = await listener.close();
  const viaNodeAgain = await measure(`${up.nodeUrl}/function/echo/hello/x`);
  const viaEntrypoint = await measure(`${up.url}/function/echo/hello/x`);
  const loadedRss = statusKiB(up.child.pid!, 'VmRSS');
  const fmt = (r: { median: number; p90: number; p99: number }) => `median ${r.median.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`;
  console.log(`calls per path: ${CALLS} (after ${WARMUP} warm-up), body 64 B, one client, keep-alive`);
  console.log(`direct to the function:        ${fmt(direct)}`);
  console.log(`via node port /function/…:     ${fmt(viaNode)}  (added median ${(viaNode.median - direct.median).toFixed(3)} ms)`);
  console.log(`via entrypoint /function/…:    ${fmt(viaEntrypoint)}  (added median ${(viaEntrypoint.median - direct.median).toFixed(3)} ms)`);
  console.log(`via node port, SSE listener:   ${fmt(viaNodeListened)}  (added median ${(viaNodeListened.median - direct.median).toFixed(3)} ms; ${frames} frames consumed by a listener process)`);
  console.log(`via node port, listener gone:  ${fmt(viaNodeAgain)}  (added median ${(viaNodeAgain.median - direct.median).toFixed(3)} ms; A/B/A around the listener run)`);
  console.log(`slimfaas local up RSS: idle ${(idleRss / 1024).toFixed(1)} MiB, after the run ${(loadedRss / 1024).toFixed(1)} MiB (supervisor + node in one process; replicas excluded)`);
} finally {
  await up.stop();
  await up.dispose();
}
