// RedisStore while its server is down or frozen: operations fail fast with StoreError 'unavailable'
// (the gateway's 503), nothing is queued for later, and the store recovers by itself when the
// server comes back on the same AOF directory: data intact, change signal resubscribed and caught up.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RedisServer } from '../../../test/helpers/redis-server.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { StoreError } from '../store.js';
import { RedisStore } from './redis-store.js';
import { freshNamespace, openStore } from './fixtures/redis-test-support.js';

const POLICY = { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [], httpStatusRetries: [] };
const unavailable = (error: unknown) => error instanceof StoreError && error.code === 'unavailable';

async function elapsedMs(operation: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await assert.rejects(operation(), unavailable);
  return performance.now() - started;
}

describe('RedisStore availability', () => {
  it('fails fast while the server is down and recovers when it restarts', async () => {
    const server = await RedisServer.start();
    const namespace = freshNamespace('availability');
    const store = await openStore(server, { namespace, commandTimeoutMs: 1_000 });
    const peer = await openStore(server, { namespace });
    try {
      const heard: string[] = [];
      peer.onQueueChange((key) => heard.push(key));
      assert.equal(await peer.changeSignalListening(5_000), true);
      await store.queuePush('Queue:f', 'before', Buffer.from('1'), POLICY);
      await waitFor(() => heard.length === 1, 30_000, 'peer hears the first push');
      assert.equal(store.isAvailable(), true);
      await store.ping();

      await server.stop('SIGKILL');
      await waitFor(() => !store.isAvailable(), 30_000, 'the store notices the server is gone');
      const failures = [
        await elapsedMs(() => store.queuePush('Queue:f', 'during', Buffer.from('2'), POLICY)),
        await elapsedMs(() => store.get('k')),
        await elapsedMs(() => store.set('k', 'v')),
        await elapsedMs(() => store.incrementInteger('n', 1)),
        await elapsedMs(() => store.hashGetAll('h')),
        await elapsedMs(() => store.queueSnapshot('Queue:f')),
        await elapsedMs(() => store.queueKeys()),
        await elapsedMs(() => store.now()),
        await elapsedMs(() => store.ping()),
      ];
      console.log(`failures while down: max ${Math.max(...failures).toFixed(1)} ms`);

      await server.start();
      await store.waitUntilReady(30_000);
      await peer.waitUntilReady(30_000);
      assert.equal(store.isAvailable(), true);
      assert.deepEqual(await store.queueKeys(), ['Queue:f']);
      assert.deepEqual([...(await store.queueContains('Queue:f', ['before', 'during']))], ['before'], 'the failed push wrote nothing');
      await waitFor(() => heard.length >= 2, 30_000, 'the peer catches up after resubscribing');
      assert.equal(heard[1], 'Queue:f');

      const before = heard.length;
      await store.queuePush('Queue:g', 'after', Buffer.from('3'), POLICY);
      await waitFor(() => heard.length === before + 1, 30_000, 'the peer hears pushes again');
      assert.equal(heard.at(-1), 'Queue:g');
    } finally {
      await store.close();
      await peer.close();
      await server.cleanup();
    }
  });

  it('a frozen server fails operations after the command timeout, then recovers', async () => {
    const server = await RedisServer.start();
    const store = await openStore(server, { namespace: freshNamespace('frozen'), commandTimeoutMs: 300 });
    try {
      await store.set('k', 'v');
      server.pause();
      const took = await elapsedMs(() => store.queuePush('Queue:f', 'a', Buffer.from('1'), POLICY));
      assert.ok(took >= 250, `took ${took} ms: it waited for the command timeout`);
      server.resume();
      await waitFor(async () => (await store.get('k').catch(() => null))?.toString() === 'v', 30_000, 'answers again');
    } finally {
      server.resume();
      await store.close();
      await server.cleanup();
    }
  });

  it('open fails with unavailable when nothing listens, and a closed store is unavailable', async () => {
    const server = await RedisServer.start();
    const url = server.url;
    await server.cleanup();
    await assert.rejects(RedisStore.open({ url, connectTimeoutMs: 500 }), unavailable);

    const running = await RedisServer.start();
    try {
      const store = await openStore(running);
      await store.close();
      await assert.rejects(store.get('k'), unavailable);
      assert.equal(store.isAvailable(), false);
    } finally {
      await running.cleanup();
    }
  });
});
