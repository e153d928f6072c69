// Durability on a redis-server with appendfsync always: every push acknowledged before the server
// is killed (-9) mid-stream is there after the restart; large values round-trip; the persistence
// settings are reported for the node's start-up check.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RedisServer } from '../../../test/helpers/redis-server.js';
import { StoreError } from '../store.js';
import { freshNamespace, openStore, sharedRedisServer } from './fixtures/redis-test-support.js';

const shared = sharedRedisServer();
const POLICY = { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [], httpStatusRetries: [] };

describe('RedisStore durability', () => {
  it('keeps every acknowledged push across kill -9 of the server', async () => {
    const server = await RedisServer.start();
    const namespace = freshNamespace('kill');
    let store = await openStore(server, { namespace, commandTimeoutMs: 1_000 });
    try {
      const acknowledged: string[] = [];
      let failed = 0;
      let next = 0;
      let killing: Promise<void> | undefined;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (failed === 0 && next < 5_000) {
            const id = `id-${next++}`;
            try {
              await store.queuePush('Queue:killed', id, Buffer.alloc(100, next % 256), POLICY);
              acknowledged.push(id);
              if (acknowledged.length === 300) killing = server.stop('SIGKILL');
            } catch (error) {
              assert.ok(error instanceof StoreError && error.code === 'unavailable', String(error));
              failed++;
            }
          }
        }),
      );
      await killing;
      assert.ok(acknowledged.length >= 300 && failed > 0, `${acknowledged.length} acknowledged, ${failed} failed`);
      await store.close();
      await server.start();
      store = await openStore(server, { namespace });
      const present = await store.queueContains('Queue:killed', acknowledged);
      assert.deepEqual(acknowledged.filter((id) => !present.has(id)), []);
    } finally {
      await store.close();
      await server.cleanup();
    }
  });

  it('round-trips 1 MiB payloads, values and hash fields', async () => {
    const store = await openStore(await shared, { namespace: freshNamespace('large') });
    try {
      const big = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 256;
      await store.queuePush('Queue:big', 'a', big, POLICY);
      assert.ok((await store.queuePop('Queue:big', 'tx', 1))[0]!.value.equals(big));
      await store.set('data:set:big', big);
      assert.ok((await store.get('data:set:big'))!.equals(big));
      await store.hashSet('data:hashset:big', { f: big });
      assert.ok((await store.hashGetAll('data:hashset:big')).f!.equals(big));
    } finally {
      await store.close();
    }
  });

  it('reports the persistence settings', async () => {
    const store = await openStore(await shared, { namespace: freshNamespace('settings') });
    try {
      assert.deepEqual(await store.persistenceSettings(), { appendonly: 'yes', appendfsync: 'always', maxmemoryPolicy: 'noeviction' });
    } finally {
      await store.close();
    }
  });
});
