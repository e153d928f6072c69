/**
 * Benchmark (not a test): added median latency of `/function/<name>/…` to a WebSocket function
 * (examples/websocket-function/echo.mjs, @slimfaas/client, in its own process like a replica) next
 * to the same route to an HTTP function (the demo function), both through the node port of a
 * native-local SlimFaas: 64 B POST body, one client, keep-alive, N calls after a warm-up. The HTTP
 * function is also called directly, so both "added" figures are over that direct call. The
 * three paths are measured in alternating rounds.
 * Usage: node --import tsx bench/websocket.ts [<calls>] | --quick (1,000 calls after 200 warm-up, < 30 s)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { figures, sampleLatencies, type Figures } from './latency.js';
import { LocalUp, REPO } from '../test/helpers/local-up.js';
import { waitFor } from '../test/helpers/wait.js';

const quick = process.argv.includes('--quick');
const countArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const CALLS = countArg ? Number(countArg) : quick ? 1000 : 3000;
const WARMUP = quick ? 200 : 300;
const BODY = Buffer.alloc(64, 'x');

const sample = (url: string, calls: number, warmup: number) => sampleLatencies(url, BODY, calls, warmup);

/** The paths measured in alternating rounds (A/B/C/A/B/C…), so drift affects every path alike. */
async function measureAll(urls: string[], rounds = 4): Promise<Figures[]> {
  for (const url of urls) await sample(url, 0, WARMUP);
  const all: number[][] = urls.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, url] of urls.entries()) all[i].push(...(await sample(url, Math.ceil(CALLS / rounds), 20)));
  }
  return all.map(figures);
}

const demo = join(REPO, 'examples', 'functions', 'fibonacci.mjs');
const up = await LocalUp.start(() =>
  ['functions:', '  echo:', `    command: ["${process.execPath}", "${demo}"]`, '    annotations:', '      SlimFaas/Function: "true"', '      SlimFaas/ReplicasMin: "1"', ''].join('\n'),
);
const wsFunction = spawn(process.execPath, [join(REPO, 'examples', 'websocket-function', 'echo.mjs')], {
  cwd: REPO,
  env: { ...process.env, SLIMFAAS_WS_URL: `ws://127.0.0.1:${up.ports.node}/ws`, FUNCTION_NAME: 'echo-ws' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let wsOutput = '';
wsFunction.stdout!.on('data', (c) => (wsOutput += c));
try {
  await up.waitReady('echo');
  await waitFor(() => wsOutput.includes('registered as') || wsFunction.exitCode !== null, 30_000, 'the WebSocket function to register');
  if (wsFunction.exitCode !== null) throw new Error(`echo.mjs exited with ${wsFunction.exitCode}`);
  await up.waitReady('echo-ws');
  const log = readFileSync(join(up.stateDir, 'logs', 'echo-0.log'), 'utf8');
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log)![1]);
  const [direct, http, ws] = await measureAll([`http://127.0.0.1:${port}/hello/x`, `${up.nodeUrl}/function/echo/hello/x`, `${up.nodeUrl}/function/echo-ws/hello/x`]);
  const fmt = (r: Figures) => `median ${r.median.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`;
  console.log(`calls per path: ${CALLS} (after ${WARMUP} warm-up; 4 alternating rounds), body 64 B, one client, keep-alive, node port`);
  console.log(`direct to the HTTP function:        ${fmt(direct)}`);
  console.log(`/function/echo (HTTP function):     ${fmt(http)}  (added median ${(http.median - direct.median).toFixed(3)} ms)`);
  console.log(`/function/echo-ws (WebSocket fn):   ${fmt(ws)}  (added median ${(ws.median - direct.median).toFixed(3)} ms)`);
  console.log(`median: HTTP function ${http.median.toFixed(3)} ms, WebSocket function ${ws.median.toFixed(3)} ms (WebSocket − HTTP ${(ws.median - http.median).toFixed(3)} ms)`);
} finally {
  if (wsFunction.exitCode === null) {
    const exited = new Promise<void>((r) => wsFunction.once('exit', () => r()));
    wsFunction.kill('SIGTERM');
    await exited;
  }
  await up.stop();
  await up.dispose();
}
