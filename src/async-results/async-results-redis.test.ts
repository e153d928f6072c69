// The async-results keys on RedisStore: the same transitions, result, cap, replay as on SQLite.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dropNamespace, freshNamespace, openStore, sharedRedisServer } from '../store/redis/fixtures/redis-test-support.js';
import { redisServerAvailable } from '../../test/helpers/redis-server.js';
import { AsyncResultsStore } from './async-results-store.js';
import { DeadLetters } from './dead-letters.js';
import { defaultHttpPolicy } from '../model/parse-annotations.js';
import { queueKey } from '../queue/queue-keys.js';
import type { QueueElement } from '../store/store.js';

describe('async results on Redis', { skip: !redisServerAvailable() && 'no redis-server on PATH' }, () => {
  const shared = sharedRedisServer();

  it('records transitions and the result; dead letters cap, list and replay', async () => {
    const server = await shared;
    const namespace = freshNamespace('async-results');
    const store = await openStore(server, { namespace });
    try {
      const results = new AsyncResultsStore(store);
      await results.queued('fn', 'a', 'x', defaultHttpPolicy(), { ttlMs: 60_000, maxBytes: 10 });
      await results.started('fn', 'a', 1);
      await results.ended('fn', 'a', 200, { status: 200, headers: { 'x-k': 'v' }, body: Buffer.from('ok'), size: 2 });
      assert.equal((await results.read('fn', 'a'))?.Status, 'Succeeded');
      const stored = (await results.readResult('fn', 'a'))!;
      assert.deepEqual([stored.status, stored.headers, stored.body.toString()], [200, { 'x-k': 'v' }, 'ok']);

      const dl = new DeadLetters(store, async () => undefined);
      const element = (id: string): QueueElement => ({ id, value: Buffer.from(id), insertedAtMs: 1, attempts: [], policy: { httpTimeoutSeconds: 5, timeoutRetriesSeconds: [], httpStatusRetries: [] } });
      for (const id of ['d1', 'd2', 'd3']) {
        await dl.add('fn', element(id), 500, { ttlMs: 60_000, maxItems: 2 });
        await new Promise((r) => setImmediate(r));
      }
      assert.equal(await dl.count('fn'), 2);
      const item = (await dl.list('fn'))[0];
      assert.equal(await dl.replay('fn', item), true);
      assert.equal((await store.queueContains(queueKey('fn'), [item.id])).size, 1);
      assert.equal(await dl.count('fn'), 1);
    } finally {
      await store.close();
      await dropNamespace(server, namespace);
    }
  });
});
