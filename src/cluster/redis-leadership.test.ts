import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RedisServer } from '../../test/helpers/redis-server.js';
import { waitFor } from '../../test/helpers/wait.js';
import { RedisStore } from '../store/redis/redis-store.js';
import { StoreError } from '../store/store.js';
import { silentLogger } from '../logging.js';
import { RedisLeadership } from './redis-leadership.js';

const POLICY = { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [], httpStatusRetries: [] };

describe('RedisLeadership (lease + fencing token)', () => {
  let server: RedisServer;
  let store: RedisStore;
  before(async () => {
    server = await RedisServer.start();
    store = await RedisStore.open({ url: server.url, namespace: `lease-${process.pid}` });
  });
  after(async () => {
    await store?.close();
    await server?.cleanup();
  });

  it('one leader at a time; a stalled leader steps down, another takes over, and its fenced writes are refused', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const a = new RedisLeadership({ client: store.client, key: store.keys.leader, nodeId: 'a', logger: silentLogger, leaseMs: 800, clock });
    const acquiredWith: string[] = [];
    const b = new RedisLeadership({
      client: store.client, key: store.keys.leader, nodeId: 'b', logger: silentLogger, leaseMs: 800, clock,
      onAcquire: async (token) => {
        acquiredWith.push(token);
        await store.recoverInterruptedAttempts(token);
      },
    });
    await a.tick();
    await b.tick();
    assert.deepEqual([a.isLeader(), b.isLeader()], [true, false]);
    const tokenA = a.fenceToken()!;
    await store.queuePush('Queue:f', 'e1', Buffer.from('x'), POLICY);
    assert.equal((await store.queuePop('Queue:f', 'tx1', 1, [], tokenA)).length, 1, 'the leader pops with its token');

    // a stalls (no renewal): after its lease minus the margin it is no longer leader, locally.
    now += 700;
    assert.equal(a.isLeader(), false, 'a stepped down before its lease ran out');
    await waitFor(async () => {
      await b.tick();
      return b.isLeader();
    }, 10_000, 'b to acquire once the lease expired in Redis');
    await store.queuePush('Queue:f', 'e2', Buffer.from('y'), POLICY);
    await assert.rejects(store.queuePop('Queue:f', 'tx2', 1, [], tokenA), (e: StoreError) => e instanceof StoreError && e.code === 'fenced');
    await assert.rejects(store.queueCallback('Queue:f', [{ id: 'e1', httpCode: 200 }], tokenA), (e: StoreError) => e.code === 'fenced');
    assert.deepEqual(acquiredWith, [b.fenceToken()], 'b released the attempts a left open before leading');
    const snapshot = await store.queueSnapshot('Queue:f');
    assert.deepEqual([snapshot.available, snapshot.running], [2, 0], 'e1 (open under a) is available again; the fenced pop wrote nothing');
    const popped = await store.queuePop('Queue:f', 'tx3', 1, [], b.fenceToken());
    assert.deepEqual(popped.map((e) => e.id), ['e1'], 'the new leader redelivers e1 first');
    await assert.rejects(store.recoverInterruptedAttempts(tokenA), (e: StoreError) => e.code === 'fenced', 'a stale leader cannot release');
    await b.stop();
    await a.tick();
    assert.equal(a.isLeader(), true, 'a released lease is taken at once');
    assert.notEqual(a.fenceToken(), tokenA, 'a new acquisition has a new token');
    await a.stop();
  });
});
