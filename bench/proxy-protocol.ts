/**
 * Benchmark (not a test): what the PROXY v2 hand-over costs a node process. An HTTP server (64 B
 * answer) behind the native-local entrypoint's TCP pipe, with and without the signed header and
 * the sniffer; and the same server called directly, with and without the sniffer installed.
 * Keep-alive: median/p99 of N requests on one connection (after the first). First request: median
 * of fresh connections (connect, header, sniff, request).
 * Usage: node --import tsx bench/proxy-protocol.ts [--quick | <calls>]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { EntrypointGateway } from '../src/cli/entrypoint-gateway.js';
import { acceptProxyProtocol } from '../src/cluster/proxy-protocol-sniffer.js';

const quick = process.argv.includes('--quick');
const countArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const CALLS = countArg ? Number(countArg) : quick ? 2000 : 10_000;
const FRESH = quick ? 300 : 1000;
const SECRET = 'ab'.repeat(32);

async function server(sniff: boolean): Promise<http.Server> {
  const s = http.createServer((req, res) => res.end(`${req.socket.remoteAddress}`.padEnd(64, '.')));
  s.keepAliveTimeout = 60_000;
  if (sniff) acceptProxyProtocol(s, { secret: SECRET });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return s;
}

const portOf = (s: http.Server) => (s.address() as AddressInfo).port;
interface Figures {
  median: number;
  p99: number;
}
const stats = (samples: number[]): Figures => {
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]! * 1000;
  return { median: at(0.5), p99: at(0.99) };
};
const us = (values: number[]) => values.map((v) => v.toFixed(0)).join('/');

async function keepAlive(url: string): Promise<Figures> {
  const agent = new Agent({ connections: 1, pipelining: 1 });
  const once = async () => {
    const started = process.hrtime.bigint();
    const res = await request(url, { dispatcher: agent });
    await res.body.arrayBuffer();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  await once(); // the connection's first request (header and sniffing) is not counted
  for (let i = 0; i < 500; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) samples.push(await once());
  await agent.close();
  return stats(samples);
}

async function fresh(url: string): Promise<Figures> {
  const samples: number[] = [];
  for (let i = 0; i < FRESH; i++) {
    const agent = new Agent({ connections: 1 });
    const started = process.hrtime.bigint();
    const res = await request(url, { dispatcher: agent });
    await res.body.arrayBuffer();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    await agent.close();
  }
  return stats(samples);
}

const plain = await server(false);
const sniffing = await server(true);
const pipe = new EntrypointGateway(() => [{ port: portOf(plain), isReady: () => true }]);
const signed = new EntrypointGateway(() => [{ port: portOf(sniffing), isReady: () => true }], { proxySecret: SECRET });
await pipe.listen(0);
await signed.listen(0);
try {
  const rows: Array<[string, string]> = [
    ['direct, plain server', `http://127.0.0.1:${portOf(plain)}/x`],
    ['direct, sniffer installed (no header)', `http://127.0.0.1:${portOf(sniffing)}/x`],
    ['entrypoint pipe, no header', `http://127.0.0.1:${pipe.port}/x`],
    ['entrypoint pipe, signed PROXY v2 header', `http://127.0.0.1:${signed.port}/x`],
  ];
  const ROUNDS = 4;
  console.log(`PROXY v2 hand-over (${ROUNDS} rounds, alternating order; µs per round): keep-alive = ${CALLS} requests on one connection, first = ${FRESH} fresh connections`);
  const results = new Map<string, { keep: Figures[]; first: Figures[] }>(rows.map(([label]) => [label, { keep: [], first: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, url] of round % 2 === 0 ? rows : [...rows].reverse()) {
      results.get(label)!.keep.push(await keepAlive(url));
      results.get(label)!.first.push(await fresh(url));
    }
  }
  for (const [label, { keep, first }] of results) {
    console.log(`  ${label.padEnd(40)} keep-alive median ${us(keep.map((f) => f.median))} p99 ${us(keep.map((f) => f.p99))} | first median ${us(first.map((f) => f.median))}`);
  }
} finally {
  await pipe.close();
  await signed.close();
  for (const s of [plain, sniffing]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}
