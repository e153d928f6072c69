// Key layout: every key of a namespace under its one hash-tagged prefix (one cluster slot),
// namespaces isolated from each other; counters stay exact under concurrent writers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allKeys, freshNamespace, openStore, sharedRedisServer } from './fixtures/redis-test-support.js';

const shared = sharedRedisServer();
const POLICY = { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [1], httpStatusRetries: [500] };

/** The cluster hash tag of a key: between the first `{` and the next `}`. */
function hashTag(key: string): string | null {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : null;
}

describe('RedisStore keys', () => {
  it('puts every key under {slimfaas:<namespace>}: and keeps namespaces apart', async () => {
    const server = await shared;
    const a = await openStore(server, { namespace: 'team-a' });
    const b = await openStore(server, { namespace: 'team-b' });
    try {
      for (const store of [a, b]) {
        await store.set('data:set:x', store === a ? 'a' : 'b', 60_000);
        await store.incrementFloat('counter', 1.5);
        await store.hashSet('data:hashset:h', { f: 'v' });
        await store.queuePush('Queue:f', 'e1', Buffer.from('1'), POLICY);
        await store.queuePush('Queue:f', 'e2', Buffer.from('2'), POLICY);
        await store.queuePop('Queue:f', 'tx', 1, ['10.0.0.1']);
      }
      const keys = await allKeys(server);
      const tags = new Set(keys.map(hashTag));
      assert.deepEqual([...tags].sort(), ['slimfaas:team-a', 'slimfaas:team-b']);
      for (const key of keys) assert.ok(key.startsWith('{slimfaas:team-a}:') || key.startsWith('{slimfaas:team-b}:'), key);
      assert.deepEqual(
        keys.filter((k) => k.startsWith('{slimfaas:team-a}:')),
        [
          '{slimfaas:team-a}:hash:data:hashset:h',
          '{slimfaas:team-a}:index:hash',
          '{slimfaas:team-a}:index:kv',
          '{slimfaas:team-a}:index:queues',
          '{slimfaas:team-a}:kv:counter',
          '{slimfaas:team-a}:kv:data:set:x',
          '{slimfaas:team-a}:queue:attempts:Queue:f',
          '{slimfaas:team-a}:queue:body:Queue:f',
          '{slimfaas:team-a}:queue:fresh:Queue:f',
          '{slimfaas:team-a}:queue:meta:Queue:f',
          '{slimfaas:team-a}:queue:seq',
          '{slimfaas:team-a}:queue:tried:Queue:f',
        ],
      );
      assert.equal((await a.get('data:set:x'))?.toString(), 'a');
      assert.equal((await b.get('data:set:x'))?.toString(), 'b');
      await a.queueCallback('Queue:f', [{ id: 'e1', httpCode: 1000 }, { id: 'e2', httpCode: 1000 }]);
      assert.deepEqual(await a.queueKeys(), []);
      assert.deepEqual(await b.queueKeys(), ['Queue:f']);
      assert.equal((await b.queueSnapshot('Queue:f')).running, 1);
      assert.ok(!(await allKeys(server)).some((k) => k.startsWith('{slimfaas:team-a}:queue:') && k !== '{slimfaas:team-a}:queue:seq'), 'an emptied queue leaves no keys');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('counters are exact with concurrent writers on two nodes', async () => {
    const server = await shared;
    const namespace = freshNamespace('counters');
    const a = await openStore(server, { namespace });
    const b = await openStore(server, { namespace });
    try {
      const increments = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).incrementInteger('n', 1));
      const floats = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).incrementFloat('x', '0.1'));
      const results = await Promise.all(increments);
      await Promise.all(floats);
      assert.equal((await a.get('n'))?.toString(), '200');
      assert.deepEqual([...results].sort((x, y) => Number(x - y)), Array.from({ length: 200 }, (_, i) => BigInt(i + 1)), 'each result is distinct');
      assert.equal((await b.get('x'))?.toString(), '10');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
