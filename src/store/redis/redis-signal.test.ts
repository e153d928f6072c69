// The change signal across two RedisStore instances ("nodes") on one redis-server: each node's
// listeners hear every committed queue mutation of the other, once, and nothing of another namespace.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../../test/helpers/wait.js';
import { freshNamespace, openStore, sharedRedisServer } from './fixtures/redis-test-support.js';

const shared = sharedRedisServer();
const POLICY = { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [1], httpStatusRetries: [500] };

describe('RedisStore change signal across nodes', () => {
  it('push, pop and callback on one node wake the other; own mutations are heard once', async () => {
    const server = await shared;
    const namespace = freshNamespace('signal');
    const [a, b, other] = await Promise.all([
      openStore(server, { namespace }),
      openStore(server, { namespace }),
      openStore(server, { namespace: freshNamespace('signal-other') }),
    ]);
    try {
      const seenA: string[] = [];
      const seenB: string[] = [];
      const seenOther: string[] = [];
      a.onQueueChange((key) => seenA.push(key));
      b.onQueueChange((key) => seenB.push(key));
      other.onQueueChange((key) => seenOther.push(key));
      for (const store of [a, b, other]) assert.equal(await store.changeSignalListening(5_000), true);

      await a.queuePush('Queue:f', 'x', Buffer.from('1'), POLICY);
      assert.deepEqual(seenA, ['Queue:f'], 'the local listener is called before the push resolves');
      await waitFor(() => seenB.length === 1, 30_000, 'node b hears the push');
      assert.deepEqual(seenB, ['Queue:f']);

      const [element] = await b.queuePop('Queue:f', 'tx', 1);
      assert.equal(element?.id, 'x');
      await waitFor(() => seenA.length === 2, 30_000, 'node a hears the pop');
      await b.queueCallback('Queue:f', [{ id: 'x', httpCode: 200 }]);
      await waitFor(() => seenA.length === 3, 30_000, 'node a hears the callback');
      assert.equal(seenB.length, 3, "node b's own pop and callback are heard locally");

      await a.queuePush('Queue:f', 'x-dup', Buffer.from('1'), POLICY);
      await a.queuePush('Queue:f', 'x-dup', Buffer.from('1'), POLICY);
      await waitFor(() => seenB.length === 4, 30_000, 'node b hears the second push');
      // A round trip through the server after the duplicate: any message it sent would be here.
      await b.queueSnapshot('Queue:f');
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(seenA, ['Queue:f', 'Queue:f', 'Queue:f', 'Queue:f'], 'own messages are not heard twice');
      assert.equal(seenB.length, 4, 'a duplicate push signals nothing');
      assert.deepEqual(seenOther, [], 'another namespace hears nothing');
    } finally {
      await Promise.all([a.close(), b.close(), other.close()]);
    }
  });

  it('wakes the other node within a few milliseconds', async () => {
    const server = await shared;
    const namespace = freshNamespace('signal-latency');
    const [a, b] = await Promise.all([openStore(server, { namespace }), openStore(server, { namespace })]);
    try {
      let wake: (() => void) | undefined;
      b.onQueueChange(() => wake?.());
      await b.changeSignalListening(5_000);
      const latencies: number[] = [];
      for (let i = 0; i < 200; i++) {
        const heard = new Promise<void>((resolve) => (wake = resolve));
        const started = performance.now();
        await a.queuePush('Queue:lat', `id-${i}`, Buffer.from('x'), POLICY);
        await heard;
        latencies.push(performance.now() - started);
      }
      latencies.sort((x, y) => x - y);
      const p50 = latencies[100]!;
      const p95 = latencies[190]!;
      console.log(`push → other node's listener: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`);

    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
