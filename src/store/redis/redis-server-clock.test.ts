// RedisStore on the Redis server clock (no override): TTLs, expiry times and attempt timeouts use
// TIME, agree with store.now(), and Redis expires entries natively; maintain() prunes their index.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../../test/helpers/wait.js';
import type { QueueElement } from '../store.js';
import { rawClient, freshNamespace, openStore, sharedRedisServer } from './fixtures/redis-test-support.js';

const shared = sharedRedisServer();

describe('RedisStore on the server clock', () => {
  it('now() is the server TIME', async () => {
    const store = await openStore(await shared, { namespace: freshNamespace('clock') });
    try {
      const before = Date.now();
      const now = await store.now();
      assert.ok(Math.abs(now - before) < 1_000, `server ${now} vs local ${before}`);
    } finally {
      await store.close();
    }
  });

  it('TTLs expire on the server clock, natively, with exact expiry times', async () => {
    const server = await shared;
    const store = await openStore(server, { namespace: freshNamespace('ttl') });
    const raw = rawClient(server);
    try {
      const start = await store.now();
      await store.set('data:set:k', 'v', 300);
      await store.hashSet('data:hashset:h', { f: '1' }, 300);
      await store.incrementInteger('data:set:n', 1, 300);
      const [entry] = await store.scanKeys('data:set:k');
      assert.ok(entry && entry.expiresAtMs! >= start + 300 && entry.expiresAtMs! <= (await store.now()) + 300);
      const pttl = await raw.pttl(store.keys.kv('data:set:k'));
      assert.ok(pttl > 0 && pttl <= 300, `native TTL ${pttl}`);
      assert.equal((await store.get('data:set:k'))?.toString(), 'v');
      await waitFor(async () => (await store.get('data:set:k')) === null, 30_000, 'the entry expires');
      // The hash and the counter were written a moment after `k`: each expires 300 ms after its own write.
      await waitFor(async () => Object.keys(await store.hashGetAll('data:hashset:h')).length === 0, 30_000, 'the hash expires');
      await waitFor(async () => (await store.scanKeys('data:set:')).length === 0, 30_000, 'the counter expires');
      assert.deepEqual(await store.hashGetAll('data:hashset:h'), {});
      assert.deepEqual(await store.scanKeys('data:set:'), []);
      await waitFor(async () => (await raw.exists(store.keys.kv('data:set:k'))) === 0, 30_000, 'Redis removed the key itself');
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it('maintain() drops index members of natively expired entries', async () => {
    const server = await shared;
    const store = await openStore(server, { namespace: freshNamespace('prune') });
    const raw = rawClient(server);
    try {
      for (let i = 0; i < 1_200; i++) await store.set(`tmp:${String(i).padStart(4, '0')}`, 'v', i % 2 === 0 ? 50 : undefined);
      await store.hashSet('h:gone', { f: '1' }, 50);
      await waitFor(async () => (await raw.exists(store.keys.kv('tmp:0000'), store.keys.hash('h:gone'))) === 0, 30_000, 'expired');
      assert.equal(await raw.zcard(store.keys.kvIndex), 1_200, 'stale members remain until pruned');
      await store.maintain();
      assert.equal(await raw.zcard(store.keys.kvIndex), 600);
      assert.equal(await raw.zcard(store.keys.hashIndex), 0);
      assert.equal((await store.scanKeys('tmp:')).length, 600);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it('an attempt times out on the server clock and is closed with 504 by the next pop', async () => {
    const store = await openStore(await shared, { namespace: freshNamespace('timeout') });
    try {
      const policy = { httpTimeoutSeconds: 0.2, timeoutRetriesSeconds: [0.1], httpStatusRetries: [504] };
      await store.queuePush('Queue:f', 'a', Buffer.from('x'), policy);
      const [first] = await store.queuePop('Queue:f', 'tx1', 1);
      assert.ok(first && Math.abs(first.attempts[0]!.startMs - (await store.now())) < 1_000);
      await waitFor(async () => (await store.queueSnapshot('Queue:f')).running === 0, 30_000, 'the attempt times out');
      let retried: QueueElement | undefined;
      await waitFor(async () => (retried = (await store.queuePop('Queue:f', 'tx2', 1))[0]) !== undefined, 30_000, 'retried');
      assert.deepEqual(retried!.attempts.map((a) => a.httpCode), [504, 0]);
    } finally {
      await store.close();
    }
  });
});
