/**
 * The Store contract suite (platform.md §1.8.1, functions.md §7.2): every Store implementation
 * registers it with its own factory and must pass it unchanged. Time is a fake clock, no sleeps.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUE_DELETE_CODE, StoreError } from './store.js';
import type { QueueElement, RetryPolicy, Store } from './store.js';

/** The clock handed to the factory; the suite moves it forward. */
export interface ContractClock {
  now: () => number;
}

export interface StoreContractInstance {
  store: Store;
  /** Closes the current store and removes its data. */
  cleanup: () => Promise<void>;
  /** Optional: closes the current store and opens a new one on the same data (same clock). */
  reopen?: () => Promise<Store>;
}

export type StoreContractFactory = (clock: ContractClock) => Promise<StoreContractInstance>;

const START_MS = 1_700_000_000_000;
const Q = 'Queue:fibonacci';
/** 10 s timeout, retries after 1 s then 2 s, retry on 500/503/504. */
const POLICY: RetryPolicy = { httpTimeoutSeconds: 10, timeoutRetriesSeconds: [1, 2], httpStatusRetries: [500, 503, 504] };
const NO_RETRY: RetryPolicy = { ...POLICY, timeoutRetriesSeconds: [] };

interface Ctx {
  store: Store;
  instance: StoreContractInstance;
  advance: (ms: number) => void;
  nowMs: () => number;
}

const ids = (elements: QueueElement[]) => elements.map((e) => e.id);
const text = (value: Buffer | null) => (value === null ? null : value.toString('utf8'));
const storeError = (code: StoreError['code']) => (error: unknown) =>
  error instanceof StoreError && error.code === code;

export function runStoreContract(name: string, factory: StoreContractFactory): void {
  const test = (title: string, body: (ctx: Ctx) => Promise<void>) =>
    it(title, async () => {
      let t = START_MS;
      const instance = await factory({ now: () => t });
      const ctx: Ctx = { store: instance.store, instance, advance: (ms) => (t += ms), nowMs: () => t };
      try {
        await body(ctx);
      } finally {
        await instance.cleanup();
      }
    });

  const pushAll = async (store: Store, key: string, names: string[], policy = POLICY) => {
    for (const id of names) assert.equal(await store.queuePush(key, id, Buffer.from(`v-${id}`), policy), true);
  };

  describe(`${name} store contract`, () => {
    describe('key/value', () => {
      test('get/set/delete', async ({ store }) => {
        assert.equal(await store.get('k'), null);
        await store.set('k', 'v1');
        assert.equal(text(await store.get('k')), 'v1');
        await store.set('k', Buffer.from([0, 255, 1]));
        assert.deepEqual([...(await store.get('k'))!], [0, 255, 1]);
        await store.delete('k');
        assert.equal(await store.get('k'), null);
        await store.delete('missing');
      });

      test('a TTL hides the entry once expired', async ({ store, advance }) => {
        await store.set('k', 'v', 1_000);
        advance(999);
        assert.equal(text(await store.get('k')), 'v');
        advance(2);
        assert.equal(await store.get('k'), null);
      });

      test('set without TTL removes a previous TTL; set with TTL replaces it', async ({ store, advance }) => {
        await store.set('k', 'v', 1_000);
        await store.set('k', 'w');
        advance(5_000);
        assert.equal(text(await store.get('k')), 'w');
        await store.set('k', 'x', 10_000);
        await store.set('k', 'y', 1_000);
        advance(1_001);
        assert.equal(await store.get('k'), null);
      });

      test('scanKeys lists live entries under a prefix with their expiry, in key order', async ({ store, advance, nowMs }) => {
        await store.set('data:set:b', 'x');
        await store.set('data:set:a', 'x', 5_000);
        await store.set('data:set:gone', 'x', 1_000);
        await store.set('data:set', 'not under the prefix');
        await store.set('data:sets', 'not under the prefix');
        await store.set('data:file:a:meta', 'x');
        await store.set('data:set:%_*', 'wildcards are literal');
        await store.hashSet('data:set:hash', { f: 'a hash is not a key/value entry' });
        const start = nowMs();
        advance(1_000);
        assert.deepEqual(await store.scanKeys('data:set:'), [
          { key: 'data:set:%_*', expiresAtMs: null },
          { key: 'data:set:a', expiresAtMs: start + 5_000 },
          { key: 'data:set:b', expiresAtMs: null },
        ]);
        assert.deepEqual(await store.scanKeys('data:set:%'), [{ key: 'data:set:%_*', expiresAtMs: null }]);
        assert.deepEqual(await store.scanKeys('nothing:'), []);
        assert.equal((await store.scanKeys('')).length, 6, 'the empty prefix lists every live entry');
      });

      test('store clock', async ({ store, advance, nowMs }) => {
        advance(42);
        assert.equal(await store.now(), nowMs());
      });
    });

    describe('counters', () => {
      test('incrementInteger: missing is 0, result stored as decimal text', async ({ store }) => {
        assert.equal(await store.incrementInteger('c', 5), 5n);
        assert.equal(await store.incrementInteger('c', -7n), -2n);
        assert.equal(text(await store.get('c')), '-2');
        await store.set('d', '40');
        assert.equal(await store.incrementInteger('d', 2), 42n);
      });

      test('incrementInteger keeps the TTL without one and re-applies a given one', async ({ store, advance }) => {
        await store.incrementInteger('kept', 1, 1_000);
        await store.incrementInteger('again', 1, 1_000);
        advance(500);
        assert.equal(await store.incrementInteger('kept', 1), 2n);
        assert.equal(await store.incrementInteger('again', 1, 1_000), 2n);
        advance(600);
        assert.equal(await store.get('kept'), null);
        assert.equal(text(await store.get('again')), '2');
        assert.equal(await store.incrementInteger('kept', 3), 3n, 'expired counts as 0');
        advance(100_000);
        assert.equal(text(await store.get('kept')), '3', 'an expired TTL is not carried over');
      });

      test('incrementInteger errors: not-integer and overflow', async ({ store }) => {
        await store.set('s', 'abc');
        await assert.rejects(store.incrementInteger('s', 1), storeError('not-integer'));
        await store.set('f', '1.5');
        await assert.rejects(store.incrementInteger('f', 1), storeError('not-integer'));
        assert.equal(text(await store.get('f')), '1.5', 'unchanged after an error');
        await store.set('max', '9223372036854775806');
        assert.equal(await store.incrementInteger('max', 1), 9223372036854775807n);
        await assert.rejects(store.incrementInteger('max', 1), storeError('overflow'));
        await store.set('min', '-9223372036854775808');
        await assert.rejects(store.incrementInteger('min', -1), storeError('overflow'));
        assert.equal(text(await store.get('max')), '9223372036854775807');
      });

      test('incrementFloat stores shortest decimal text', async ({ store, advance }) => {
        assert.equal(await store.incrementFloat('x', 1.5), '1.5');
        assert.equal(await store.incrementFloat('x', 2.5), '4');
        assert.equal(await store.incrementFloat('x', -4.25), '-0.25');
        assert.equal(text(await store.get('x')), '-0.25');
        await store.set('i', '10');
        assert.equal(await store.incrementFloat('i', 0.5, 1_000), '10.5');
        advance(1_001);
        assert.equal(await store.get('i'), null);
        await store.set('bad', 'nope');
        await assert.rejects(store.incrementFloat('bad', 1), storeError('not-integer'));
      });

      test('incrementFloat takes an exact decimal text delta', async ({ store }) => {
        assert.equal(await store.incrementFloat('x', '1.0000000000000000000000000001'), '1.0000000000000000000000000001');
        assert.equal(await store.incrementFloat('x', '-1e-28'), '1');
      });

      test('stored counter text must parse strictly', async ({ store }) => {
        for (const value of [' 3', '3 ', '1.0', '']) {
          await store.set('s', value);
          await assert.rejects(store.incrementInteger('s', 1), storeError('not-integer'), JSON.stringify(value));
          assert.equal(text(await store.get('s')), value, 'unchanged');
        }
        await store.set('s', ' 1.5');
        await assert.rejects(store.incrementFloat('s', 1), storeError('not-integer'));
        await store.set('s', '+7');
        assert.equal(await store.incrementInteger('s', 1), 8n);
      });
    });

    describe('hashes', () => {
      test('merge, delete a field, delete the whole hash', async ({ store }) => {
        assert.deepEqual(await store.hashGetAll('h'), {});
        await store.hashSet('h', { a: '1', b: Buffer.from('2') });
        await store.hashSet('h', { b: '3', c: '4' });
        const all = await store.hashGetAll('h');
        assert.deepEqual(Object.keys(all).sort(), ['a', 'b', 'c']);
        assert.deepEqual(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, text(v)])), { a: '1', b: '3', c: '4' });
        await store.hashDelete('h', 'b');
        assert.deepEqual(Object.keys(await store.hashGetAll('h')).sort(), ['a', 'c']);
        await store.hashDelete('h');
        assert.deepEqual(await store.hashGetAll('h'), {});
        await store.hashSet('h2', { a: '1' });
        await store.hashDelete('h2', '');
        assert.deepEqual(await store.hashGetAll('h2'), {});
      });

      test('scanHashKeys lists live hashes under a prefix with their expiry, in key order', async ({ store, advance, nowMs }) => {
        await store.hashSet('data:hashset:b', { value: 'x' });
        await store.hashSet('data:hashset:a', { value: 'x' }, 5_000);
        await store.hashSet('data:hashset:gone', { value: 'x' }, 1_000);
        await store.hashSet('data:hashset:emptied', { value: 'x' });
        await store.hashDelete('data:hashset:emptied', 'value');
        await store.hashSet('data:hashsets', { value: 'not under the prefix' });
        await store.set('data:hashset:kv', 'a key/value entry is not a hash');
        const start = nowMs();
        advance(1_000);
        assert.deepEqual(await store.scanHashKeys('data:hashset:'), [
          { key: 'data:hashset:a', expiresAtMs: start + 5_000 },
          { key: 'data:hashset:b', expiresAtMs: null },
        ]);
        assert.deepEqual(await store.scanHashKeys('other:'), []);
      });

      test('TTL: expired hash gives {}; set without TTL removes it', async ({ store, advance }) => {
        await store.hashSet('h', { a: '1' }, 1_000);
        advance(999);
        assert.equal(text((await store.hashGetAll('h')).a ?? null), '1');
        advance(2);
        assert.deepEqual(await store.hashGetAll('h'), {});
        await store.hashSet('h', { b: '2' }, 1_000);
        assert.deepEqual(Object.keys(await store.hashGetAll('h')), ['b'], 'expired fields do not come back');
        await store.hashSet('h', { c: '3' });
        advance(5_000);
        assert.deepEqual(Object.keys(await store.hashGetAll('h')).sort(), ['b', 'c']);
      });
    });

    describe('queues', () => {
      test('FIFO pop opens attempts with reserved IPs', async ({ store, advance, nowMs }) => {
        const pushedAt = nowMs();
        await pushAll(store, Q, ['a', 'b', 'c']);
        advance(5);
        const first = await store.queuePop(Q, 'tx1', 2, ['10.0.0.1']);
        assert.deepEqual(ids(first), ['a', 'b']);
        assert.equal(text(first[0]!.value), 'v-a');
        assert.equal(first[0]!.insertedAtMs, pushedAt);
        assert.deepEqual(first[0]!.policy, POLICY);
        assert.deepEqual(first[0]!.attempts, [
          { startMs: nowMs(), endMs: 0, httpCode: 0, transactionId: 'tx1', reservedIp: '10.0.0.1' },
        ]);
        assert.equal(first[1]!.attempts[0]!.reservedIp, '');
        assert.deepEqual(ids(await store.queuePop(Q, 'tx2', 5)), ['c']);
        assert.deepEqual(await store.queuePop(Q, 'tx3', 5), [], 'running elements are not popped again');
        assert.deepEqual(await store.queuePop('Queue:empty', 'tx4', 5), []);
      });

      test('recoverInterruptedAttempts releases open attempts as if never made, keeping closed ones', async ({ store }) => {
        await pushAll(store, Q, ['a', 'b', 'c']);
        await store.queuePop(Q, 'tx1', 1);
        await store.queueCallback(Q, [{ id: 'a', httpCode: 500 }]);
        await store.queuePop(Q, 'tx2', 2);
        assert.equal((await store.queueSnapshot(Q)).running, 2);
        assert.equal(await store.recoverInterruptedAttempts(), 2);
        const snapshot = await store.queueSnapshot(Q);
        assert.equal(snapshot.running, 0);
        assert.equal(snapshot.available, 2, 'b and c are available again; a still waits for its retry');
        const again = await store.queuePop(Q, 'tx3', 5);
        assert.deepEqual(ids(again), ['b', 'c']);
        assert.equal(again[0]!.attempts.length, 1, 'the released attempt is gone');
        assert.equal(await store.recoverInterruptedAttempts(), 2);
        assert.equal(await store.recoverInterruptedAttempts(), 0);
      });

      test('binary payloads round-trip', async ({ store }) => {
        const payload = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        await store.queuePush(Q, 'bin', payload, POLICY);
        assert.deepEqual((await store.queuePop(Q, 'tx', 1))[0]!.value, payload);
      });

      test('push is idempotent per id within a queue', async ({ store }) => {
        assert.equal(await store.queuePush(Q, 'a', Buffer.from('first'), POLICY), true);
        assert.equal(await store.queuePush(Q, 'a', Buffer.from('second'), POLICY), false);
        assert.equal(await store.queuePush('Queue:other', 'a', Buffer.from('x'), POLICY), true);
        const popped = await store.queuePop(Q, 'tx', 5);
        assert.deepEqual(ids(popped), ['a']);
        assert.equal(text(popped[0]!.value), 'first');
        assert.equal(await store.queuePush(Q, 'a', Buffer.from('third'), POLICY), false, 'also while running');
      });

      test('count 0 takes nothing', async ({ store }) => {
        await pushAll(store, Q, ['a']);
        assert.deepEqual(await store.queuePop(Q, 'tx', 0), []);
        assert.equal((await store.queueSnapshot(Q)).available, 1);
      });

      test('timed-out attempts are closed with 504 on the next pop, then retried', async ({ store, advance, nowMs }) => {
        await pushAll(store, Q, ['a']);
        const start = nowMs();
        await store.queuePop(Q, 'tx1', 1);
        advance(9_999);
        assert.equal((await store.queueSnapshot(Q)).running, 1);
        advance(1);
        assert.deepEqual(await store.queuePop(Q, 'tx2', 1), [], 'closed with 504, now waiting 1 s');
        const closedAt = nowMs();
        advance(1_000);
        assert.deepEqual(await store.queuePop(Q, 'tx3', 1), [], 'exactly the delay is not enough');
        advance(1);
        const [retried] = await store.queuePop(Q, 'tx4', 1);
        assert.ok(retried);
        assert.equal(retried.id, 'a');
        assert.deepEqual(retried.attempts[0], { startMs: start, endMs: closedAt, httpCode: 504, transactionId: 'tx1', reservedIp: '' });
        assert.equal(retried.attempts.length, 2);
        assert.equal(retried.attempts[1]!.transactionId, 'tx4');
      });

      test('a retried element waits strictly more than its delay and keeps its position', async ({ store, advance }) => {
        await pushAll(store, Q, ['a', 'b', 'c']);
        assert.deepEqual(ids(await store.queuePop(Q, 'tx1', 1)), ['a']);
        await store.queueCallback(Q, [{ id: 'a', httpCode: 500 }]);
        advance(1_000);
        assert.deepEqual(ids(await store.queuePop(Q, 'tx2', 1)), ['b']);
        advance(1);
        const [a] = await store.queuePop(Q, 'tx3', 1);
        assert.ok(a);
        assert.equal(a.id, 'a', 'picked before the newer c');
        assert.deepEqual(a.attempts.map((x) => x.httpCode), [500, 0]);
        await store.queueCallback(Q, [{ id: 'a', httpCode: 503 }]);
        advance(2_000);
        assert.deepEqual(ids(await store.queuePop(Q, 'tx4', 5)), ['c'], 'second delay is 2 s');
        advance(1);
        assert.deepEqual(ids(await store.queuePop(Q, 'tx5', 5)), ['a']);
      });

      test('finished elements are removed', async ({ store, advance }) => {
        await pushAll(store, Q, ['ok', 'bad', 'exhausted']);
        await pushAll(store, 'Queue:noretry', ['n1', 'n2'], NO_RETRY);
        await store.queuePop(Q, 'tx1', 3);
        await store.queueCallback(Q, [
          { id: 'ok', httpCode: 200 },
          { id: 'bad', httpCode: 404 },
          { id: 'exhausted', httpCode: 500 },
        ]);
        for (let i = 0; i < 2; i++) {
          advance(2_001);
          assert.deepEqual(ids(await store.queuePop(Q, `retry${i}`, 3)), ['exhausted']);
          await store.queueCallback(Q, [{ id: 'exhausted', httpCode: 500 }]);
        }
        assert.deepEqual(await store.queueSnapshot(Q), { available: 0, running: 0, waitingForRetry: 0, runningReservations: [] });
        assert.deepEqual(await store.queueKeys(), ['Queue:noretry']);

        await store.queuePop('Queue:noretry', 'tx2', 2);
        await store.queueCallback('Queue:noretry', [{ id: 'n1', httpCode: 500 }]);
        advance(10_000);
        assert.deepEqual(await store.queuePop('Queue:noretry', 'tx3', 2), [], 'n2 timed out with no retries');
        assert.deepEqual(await store.queueKeys(), []);
      });

      test('callback 1000 deletes; unknown ids are ignored', async ({ store }) => {
        await pushAll(store, Q, ['a', 'b', 'c']);
        await store.queuePop(Q, 'tx1', 1);
        await store.queueCallback(Q, [
          { id: 'a', httpCode: QUEUE_DELETE_CODE },
          { id: 'b', httpCode: QUEUE_DELETE_CODE },
          { id: 'unknown', httpCode: 500 },
        ]);
        await store.queueCallback('Queue:nothing', [{ id: 'x', httpCode: 200 }]);
        assert.deepEqual(ids(await store.queuePop(Q, 'tx2', 5)), ['c']);
      });

      test('pop replay: the same transaction id does not take elements again', async ({ store }) => {
        await pushAll(store, Q, ['a']);
        assert.deepEqual(ids(await store.queuePop(Q, 'tx1', 1)), ['a']);
        await pushAll(store, Q, ['b']);
        const replay = await store.queuePop(Q, 'tx1', 5);
        assert.deepEqual(ids(replay), ['a'], 'returns what that transaction already holds');
        assert.equal(replay[0]!.attempts.length, 1, 'no new attempt');
        assert.deepEqual(ids(await store.queuePop(Q, 'tx2', 5)), ['b']);
      });

      test('snapshot counts states and lists running reservations', async ({ store }) => {
        assert.deepEqual(await store.queueSnapshot(Q), { available: 0, running: 0, waitingForRetry: 0, runningReservations: [] });
        await pushAll(store, Q, ['a', 'b', 'c', 'd', 'e']);
        await store.queuePop(Q, 'tx1', 2, ['10.0.0.1', '10.0.0.2']);
        await store.queueCallback(Q, [{ id: 'b', httpCode: 503 }]);
        assert.deepEqual(await store.queueSnapshot(Q), {
          available: 3,
          running: 1,
          waitingForRetry: 1,
          runningReservations: [{ id: 'a', reservedIp: '10.0.0.1' }],
        });
      });

      test('queueKeys lists non-empty queues', async ({ store }) => {
        assert.deepEqual(await store.queueKeys(), []);
        await pushAll(store, 'Queue:b', ['1']);
        await pushAll(store, 'Queue:a', ['1']);
        assert.deepEqual((await store.queueKeys()).sort(), ['Queue:a', 'Queue:b']);
        await store.queueCallback('Queue:b', [{ id: '1', httpCode: QUEUE_DELETE_CODE }]);
        assert.deepEqual(await store.queueKeys(), ['Queue:a']);
      });

      test('queueContains tells which ids are still queued (ended and unknown ids are not)', async ({ store }) => {
        await pushAll(store, Q, ['a', 'b', 'c']);
        await pushAll(store, 'Queue:other', ['d']);
        await store.queuePop(Q, 'tx1', 2);
        await store.queueCallback(Q, [{ id: 'a', httpCode: 200 }]);
        assert.deepEqual([...(await store.queueContains(Q, ['a', 'b', 'c', 'd', 'zz']))].sort(), ['b', 'c']);
        assert.deepEqual([...(await store.queueContains(Q, []))], []);
      });

      test('change signal fires after push, pop and callback', async ({ store }) => {
        const seen: string[] = [];
        store.onQueueChange(() => {
          throw new Error('a failing listener is ignored');
        });
        const off = store.onQueueChange((key) => seen.push(key));
        await store.queuePush(Q, 'a', Buffer.from('x'), POLICY);
        assert.deepEqual(seen, [Q]);
        await store.queuePush(Q, 'a', Buffer.from('x'), POLICY);
        assert.deepEqual(seen, [Q], 'duplicate push changes nothing');
        await store.queuePop(Q, 'tx1', 1);
        assert.deepEqual(seen, [Q, Q]);
        await store.queuePop(Q, 'tx2', 1);
        assert.deepEqual(seen, [Q, Q], 'empty pop changes nothing');
        await store.queueCallback(Q, [{ id: 'a', httpCode: 500 }]);
        assert.deepEqual(seen, [Q, Q, Q]);
        off();
        await store.queuePush(Q, 'b', Buffer.from('x'), POLICY);
        assert.equal(seen.length, 3);
      });
    });

    test('data persists across reopen', async (ctx) => {
      if (!ctx.instance.reopen) return;
      const { store } = ctx;
      await store.set('k', 'v');
      await store.set('t', 'v', 1_000);
      await store.incrementInteger('n', 7);
      await store.hashSet('h', { f: 'x' });
      await pushAll(store, Q, ['a', 'b', 'c']);
      await store.queuePop(Q, 'tx1', 1, ['10.0.0.9']);
      const reopened = await ctx.instance.reopen();
      ctx.advance(1_001);
      assert.equal(text(await reopened.get('k')), 'v');
      assert.equal(await reopened.get('t'), null);
      assert.equal(await reopened.incrementInteger('n', 1), 8n);
      assert.equal(text((await reopened.hashGetAll('h')).f ?? null), 'x');
      assert.deepEqual((await reopened.queueSnapshot(Q)).runningReservations, [{ id: 'a', reservedIp: '10.0.0.9' }]);
      assert.equal(await reopened.queuePush(Q, 'a', Buffer.from('dup'), POLICY), false);
      assert.deepEqual(ids(await reopened.queuePop(Q, 'tx2', 5)), ['b', 'c']);
    });
  });
}
