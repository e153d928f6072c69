/**
 * End-to-end: `slimfaas local up` with `cluster.nodes: 3` through the real CLI. The supervisor
 * starts redis-server itself, the three node processes (`slimfaas serve`, Process orchestrator)
 * become ready behind its control API, sync and async calls through the entrypoint work, the
 * entrypoint's signed PROXY v2 header makes the node see the real client address (a private
 * function is hidden from 127.0.0.5, reachable from 127.0.0.1), a forged header sent straight to
 * a node port is refused, SIGTERM stops every process, and after kill -9 of the supervisor the
 * next `local up` stops what was left. A job run by the leader node through the control API calls
 * the private function via its gateway. Deliveries are asserted "at least once".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalUp, REPO, clusterYaml, isAlive, pickPorts, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { EXTERNAL, call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { RedisServer, redisServerAvailable } from '../helpers/redis-server.js';
import { encodeProxyHeader } from '../../src/cluster/proxy-protocol.js';

const skip = redisServerAvailable() ? false : 'redis-server is not installed';

const JOB_SCRIPT = join(REPO, 'test', 'fixtures', 'job-script.mjs');

const manifest = (recordUrl: string) => ({ ports }: { ports: { entrypoint: number } }) =>
  'functions:\n' +
  recorderFunction('pub', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1' } }) +
  recorderFunction('priv', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/DefaultVisibility': 'Private' } }) +
  'jobs:\n' +
  // A job calling the private function through its gateway → entrypoint → a node process.
  '  caller:\n' +
  `    command: ["${process.execPath}", "${JOB_SCRIPT}"]\n` +
  '    annotations: { SlimFaas/Job: "true", SlimFaas/DefaultVisibility: "Public" }\n' +
  `    environment: { RECORD_URL: "${recordUrl}", SLIMFAAS_URL: "http://127.0.0.1:${ports.entrypoint}", CALL_PATH: "/function/priv/from-job" }\n`;

/** PIDs of the node processes and of redis-server, from their `started pid=` log lines. */
function nodeAndRedisPids(up: LocalUp): { nodes: number[]; redis: number[] } {
  const lines = up.output.split('\n');
  const pids = (tag: RegExp) => lines.filter((l) => tag.test(l)).map((l) => Number(/started pid=(\d+)/.exec(l)?.[1])).filter((p) => p > 0);
  return { nodes: pids(/^\[node\/slimfaas-\d\] started pid=/), redis: pids(/^\[redis\] started pid=/) };
}

/** Sends raw bytes to a port and resolves with what came back before the server closed. */
function rawExchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
    socket.on('close', () => resolve(text));
  });
}

describe('native local mode with several node processes on Redis', { skip }, () => {
  it('3 nodes on a redis-server it starts: ready, calls, real client addresses, clean stop', async () => {
    const collector = await new Collector().start();
    const up = await LocalUp.start(manifest(collector.url), undefined, {}, 'node', { nodes: 3 });
    try {
      assert.match(up.output, /SlimFaas local 'e2e' is running with 3 node\(s\)\./);
      for (const index of [0, 1, 2]) assert.equal((await call(`${up.nodeUrlOf(index)}/ready`)).status, 200, `slimfaas-${index} is ready`);
      await up.waitReady('pub', 1);
      await up.waitReady('priv', 1);

      // Sync: one connection per call, so the entrypoint spreads them over the nodes.
      for (let i = 0; i < 6; i++) {
        const res = await call(`${up.url}/function/pub/sync-${i}`);
        assert.equal(res.status, 200, res.body);
        assert.equal(JSON.parse(res.body).path, `/sync-${i}`);
      }
      // Async: accepted by whichever node, delivered at least once.
      const accepted = await call(`${up.url}/async-function/pub/async-path`, { method: 'POST', body: 'payload' });
      assert.equal(accepted.status, 202);
      await waitFor(() => collector.starts('pub').some((r) => r.path === '/async-path' && r.body === 'payload'), 30_000, 'the async delivery');

      // The PROXY v2 header carries the client's address: private is private through the entrypoint…
      for (let i = 0; i < 3; i++) {
        assert.equal((await call(`${up.url}/function/priv/x`, { localAddress: EXTERNAL })).status, 404, 'an external caller does not see the private function');
        assert.equal((await call(`${up.url}/function/priv/x`)).status, 200, 'a loopback caller (a replica address) reaches it');
      }
      // A job run (created by the leader node through the control API) reaches it too, via its gateway.
      const job = await call(`${up.url}/job/caller`, { method: 'POST', body: JSON.stringify({ Args: ['1'] }), headers: { 'content-type': 'application/json' } });
      assert.equal(job.status, 202, job.body);
      await collector.waitForStarts(1, 'job:caller');
      await waitFor(() => collector.starts('priv').some((r) => r.path === '/from-job'), 30_000, 'the job call to the private function');
      // …and straight to a node port, a direct caller keeps its own address.
      assert.equal((await call(`${up.nodeUrlOf(1)}/function/priv/x`, { localAddress: EXTERNAL })).status, 404);
      assert.equal((await call(`${up.nodeUrlOf(1)}/function/priv/x`)).status, 200);
      // A PROXY header not signed with the cluster secret is refused: the connection closes unanswered.
      const forged = encodeProxyHeader({ address: '127.0.0.1', port: 1234 }, { address: '127.0.0.1', port: up.ports.node }, 'not-the-secret');
      const answer = await rawExchange(up.ports.node, Buffer.concat([forged, Buffer.from('GET /function/priv/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
      assert.equal(answer, '', 'no answer to a forged PROXY header');

      const { nodes, redis } = nodeAndRedisPids(up);
      assert.equal(nodes.length, 3, 'three node processes');
      assert.equal(redis.length, 1, 'one redis-server');
      for (const pid of [...nodes, ...redis]) assert.ok(up.alivePids().includes(pid), `pid ${pid} is running`);

      // A node process that dies is restarted (1 s back-off) and becomes ready again.
      process.kill(nodes[2]!, 'SIGKILL');
      await waitFor(() => /\[node\/slimfaas-2\] SlimFaas node exited with code 137\. Restarting in 1 s\./.test(up.output), 30_000, 'the exit to be reported');
      await waitFor(() => nodeAndRedisPids(up).nodes.length === 4, 30_000, 'slimfaas-2 to be started again');
      await waitFor(async () => (await call(`${up.nodeUrlOf(2)}/ready`).catch(() => ({ status: 0 }))).status === 200, 30_000, 'slimfaas-2 to be ready again');
      assert.ok(!isAlive(nodes[2]!));

      const pids = up.alivePids();
      assert.equal(await up.stop('SIGTERM'), 0);
      assert.deepEqual(pids.filter(isAlive), [], 'nodes, replicas and redis-server are gone');
    } finally {
      await up.dispose();
      await collector.close();
    }
  });

  it('kill -9 of the supervisor, then local up again: the leftovers are stopped', async () => {
    const collector = await new Collector().start();
    const first = await LocalUp.start(manifest(collector.url), undefined, {}, 'node', { nodes: 3 });
    let second: LocalUp | undefined;
    try {
      await first.waitReady('pub', 1);
      const leftBehind = first.alivePids();
      const { redis } = nodeAndRedisPids(first);
      await first.killCli();
      assert.ok(redis.every(isAlive), 'kill -9 leaves redis-server running (what the next run must clean)');

      second = await LocalUp.start(manifest(collector.url), { dir: first.dir, ports: first.ports }, {}, 'node', { nodes: 3 });
      assert.match(second.output, /Stopped \d+ process\(es\) left running by a previous run that was killed\./);
      assert.deepEqual(leftBehind.filter(isAlive), [], 'every process of the killed run is gone');
      await second.waitReady('pub', 1);
      assert.equal((await call(`${second.url}/function/pub/again`)).status, 200);
      const pids = second.alivePids();
      assert.equal(await second.stop(), 0);
      assert.deepEqual(pids.filter(isAlive), []);
    } finally {
      await second?.dispose(false);
      await first.dispose();
      await collector.close();
    }
  });

  it('2 nodes on the manifest`s cluster.redisUrl', async () => {
    const server = await RedisServer.start();
    const collector = await new Collector().start();
    const up = await LocalUp.start(manifest(collector.url), undefined, {}, 'node', { nodes: 2, redisUrl: server.url });
    try {
      assert.match(up.output, /is running with 2 node\(s\)\./);
      assert.equal(nodeAndRedisPids(up).redis.length, 0, 'no redis-server of its own');
      await up.waitReady('pub', 1);
      assert.equal((await call(`${up.url}/function/pub/on-given-redis`)).status, 200);
      const pids = up.alivePids();
      assert.equal(await up.stop(), 0);
      assert.deepEqual(pids.filter(isAlive), []);
    } finally {
      await up.dispose();
      await collector.close();
      await server.cleanup();
    }
  });
});

describe('several nodes without Redis', () => {
  it('no cluster.redisUrl and no redis-server on PATH: exit 2 with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-e2e-'));
    try {
      const file = join(dir, 'slimfaas.local.yaml');
      writeFileSync(file, clusterYaml(await pickPorts(), join(dir, 'state'), 'e2e', { nodes: 3 }));
      const result = spawnSync(process.execPath, [join(REPO, 'bin', 'slimfaas.js'), 'local', 'up', '-f', file], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: dir } });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr, 'slimfaas local: cluster.nodes: 3 needs Redis: set cluster.redisUrl, or install redis-server (it is not on PATH) and SlimFaas starts it.\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
