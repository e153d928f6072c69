/**
 * Three real `slimfaas serve` nodes on one real `redis-server` (AOF, appendfsync always), in
 * Kubernetes mode against kube-sim: one leader at a time, files and large async bodies crossing
 * nodes over the authenticated internal routes, /ready following Redis, and the chaos run of
 * issue 9: 10,000 async calls while the leader is killed with kill -9, Redis restarts and a
 * follower is killed; every id answered 202 is delivered at least once, duplicates are counted,
 * and a new leader dispatches within 5 s of the old one's death.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { KubeSim } from '../../src/kube-sim/index.js';
import { RedisServer } from '../helpers/redis-server.js';
import { pickPorts } from '../helpers/local-up.js';
import { waitFor } from '../helpers/wait.js';
import { dataCall } from './data-client.js';
import {
  firstDeliveryAfterSilence, killNode, readDeliveries, sendAsyncLoad, startServeNode, startSinkCluster, stopNodes, type ServeNode,
} from '../helpers/serve-cluster.js';

const SECRET = 'chaos-cluster-secret';
const LEASE_KEY = '{slimfaas:default}:leader';

describe('three slimfaas serve nodes on one Redis', () => {
  let redis: RedisServer;
  let probe: Redis;
  let sim: KubeSim;
  let dir: string;
  let recordDir: string;
  let nodes: ServeNode[] = [];

  const leaderName = async () => (await probe.get(LEASE_KEY).catch(() => null))?.replace(/:\d+$/, '') ?? null;
  const leader = async () => {
    const name = await leaderName();
    return nodes.find((n) => n.name === name && n.alive);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slimfaas-cluster-'));
    recordDir = join(dir, 'deliveries');
    redis = await RedisServer.start();
    probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    probe.on('error', () => undefined);
    sim = await startSinkCluster(recordDir, 2);
    const base = (await pickPorts()).processFrom;
    nodes = await Promise.all(['node-a', 'node-b', 'node-c'].map((name, i) =>
      startServeNode({
        name, port: base + i, sim, dataDirectory: join(dir, name),
        env: { SlimFaas__Store: 'redis', SlimFaas__RedisUrl: redis.url, SlimFaas__ClusterSecret: SECRET },
      })));
    await waitFor(async () => (await leader()) !== undefined, 10_000, 'a leader');
  });

  after(async () => {
    await stopNodes(nodes);
    probe?.disconnect();
    const pids = sim?.pids() ?? [];
    await sim?.stop();
    await redis?.cleanup();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } }), [], 'no pod process left');
  });

  it('exactly one node holds the lease, and each node lists all three as members', async () => {
    const name = await leaderName();
    assert.ok(nodes.some((n) => n.name === name), `the lease names a node (${name})`);
    const announced = (await probe.keys('{slimfaas:default}:kv:members:*')).sort();
    assert.deepEqual(announced, ['node-a', 'node-b', 'node-c'].map((n) => `{slimfaas:default}:kv:members:${n}`));
  });

  it('a data file uploaded through one node downloads through each other node, byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
    const up = await dataCall(nodes[0]!.url, '/data/files?id=shared-report', { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: bytes });
    assert.equal(up.status, 200, up.text);
    for (const node of nodes.slice(1)) {
      const down = await dataCall(node.url, '/data/files/shared-report');
      assert.equal(down.status, 200, down.text);
      assert.equal(down.headers['content-type'], 'application/pdf');
      assert.deepEqual(down.body, bytes);
    }
  });

  it('the internal routes answer 404 without the cluster secret', async () => {
    const other = nodes[1]!;
    assert.equal((await dataCall(other.url, '/internal/files/shared-report?sha=' + '0'.repeat(64))).status, 404);
    assert.equal((await dataCall(other.url, '/internal/files/shared-report?sha=' + '0'.repeat(64), { headers: { 'x-slimfaas-cluster-token': 'guess' } })).status, 404);
    assert.equal((await dataCall(other.url, '/internal/async-bodies/queued/sink/00000000-0000-0000-0000-000000000000')).status, 404);
  });

  it('a large async body accepted by a follower is delivered whole by the leader', async () => {
    const lead = (await leader())!;
    const follower = nodes.find((n) => n.alive && n !== lead)!;
    const body = Buffer.alloc(3 * 1024 * 1024, 'x');
    const res = await dataCall(follower.url, '/async-function/sink/big', { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(res.status, 202, res.text);
    const id = res.headers['slimfaas-element-id'] as string;
    await waitFor(() => readDeliveries(recordDir).some((d) => d.id === id), 30_000, 'the large body delivered');
    assert.equal(readDeliveries(recordDir).find((d) => d.id === id)!.bytes, body.length);
  });

  it('while Redis is down /ready is 503, /health 200 and an async call gets 503 JSON; all recover by themselves', async () => {
    const node = nodes[0]!;
    await redis.stop('SIGKILL');
    try {
      await waitFor(async () => (await fetch(`${node.url}/ready`)).status === 503, 15_000, '/ready 503');
      assert.equal((await fetch(`${node.url}/health`)).status, 200);
      const res = await fetch(`${node.url}/async-function/sink/while-down`, { method: 'POST', body: 'x' });
      assert.equal(res.status, 503);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      assert.match(((await res.json()) as { error: string }).error, /unavailable/);
    } finally {
      await redis.start();
    }
    await waitFor(async () => (await Promise.all(nodes.map((n) => fetch(`${n.url}/ready`).then((r) => r.status)))).every((s) => s === 200), 20_000, 'every node ready again');
    const res = await fetch(`${node.url}/async-function/sink/after`, { method: 'POST', body: 'x' });
    assert.equal(res.status, 202);
    const id = res.headers.get('slimfaas-element-id')!;
    await waitFor(() => readDeliveries(recordDir).some((d) => d.id === id), 20_000, 'delivered after Redis came back');
  });

  it('chaos: 10,000 async calls while the leader is killed (-9), Redis restarts and a follower is killed; every 202 is delivered', async (t) => {
    await waitFor(async () => (await leader()) !== undefined, 10_000, 'a leader');
    const firstLeader = (await leader())!;
    const events: string[] = [];
    let killedLeaderAt = 0;
    let chaos: Promise<void> = Promise.resolve();
    const trigger = (accepted: number) => {
      if (accepted === 2_000) {
        chaos = chaos.then(async () => {
          killedLeaderAt = Date.now();
          await killNode(firstLeader);
          events.push(`leader ${firstLeader.name} killed (-9) at 2,000 accepted`);
        });
      } else if (accepted === 5_000) {
        chaos = chaos.then(async () => {
          await redis.restart('SIGKILL');
          events.push('redis-server killed (-9) and restarted at 5,000 accepted');
        });
      } else if (accepted === 7_500) {
        chaos = chaos.then(async () => {
          const lead = await leader();
          const follower = nodes.find((n) => n.alive && n !== lead);
          if (follower) {
            await killNode(follower);
            events.push(`follower ${follower.name} killed (-9) at 7,500 accepted`);
          }
        });
      }
    };
    const load = await sendAsyncLoad({ count: 10_000, concurrency: 24, nodes: () => nodes, onAccepted: trigger });
    await chaos;
    assert.equal(load.accepted.size, 10_000);

    const undelivered = () => {
      const seen = new Set(readDeliveries(recordDir).map((d) => d.id));
      return [...load.accepted.keys()].filter((id) => !seen.has(id));
    };
    await waitFor(() => undelivered().length === 0, 180_000, `every accepted id delivered (${undelivered().length} missing)`);

    const deliveries = readDeliveries(recordDir).filter((d) => load.accepted.has(d.id));
    const duplicates = deliveries.length - load.accepted.size;
    const handover = firstDeliveryAfterSilence(deliveries, killedLeaderAt);
    assert.ok(handover !== null, 'a new leader dispatched after the old one died');
    const failoverMs = handover - killedLeaderAt;
    t.diagnostic(`${events.join('; ')}`);
    t.diagnostic(`accepted 10,000 in ${(load.durationMs / 1000).toFixed(1)} s (${load.refused} refused with 503, ${load.errors} connection errors, retried); duplicates ${duplicates}; new leader dispatched ${failoverMs} ms after the old one died`);
    assert.ok(failoverMs <= 5_000, `new leader dispatched within 5 s (took ${failoverMs} ms)`);
    assert.equal(events.length, 3, events.join('; '));
  });
});
