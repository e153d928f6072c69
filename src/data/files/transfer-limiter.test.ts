// The transfer limiter: per-id serialisation, byte budget, FIFO, pending cap and wait timeout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TransferBusyError, TransferLimiter, type Release } from './transfer-limiter.js';

const limits = { maxInFlightBytes: 100, maxPending: 3, waitTimeoutMs: 60_000 };
const busy = (e: unknown) => e instanceof TransferBusyError;

/** Tracks which acquisitions have been granted so far. */
function track(limiter: TransferLimiter, id: string, bytes: number, granted: string[], name = id) {
  return limiter.acquire(id, bytes).then((release) => {
    granted.push(name);
    return release;
  });
}

const settle = () => new Promise((r) => setImmediate(r));

describe('TransferLimiter', () => {
  it('serialises operations on one id, not on different ids', async () => {
    const limiter = new TransferLimiter(limits);
    const granted: string[] = [];
    const first = await track(limiter, 'a', 10, granted, 'a1');
    const second = track(limiter, 'a', 10, granted, 'a2');
    const other = await track(limiter, 'b', 10, granted);
    await settle();
    assert.deepEqual(granted, ['a1', 'b']);
    first();
    (await second)();
    other();
    assert.deepEqual(granted, ['a1', 'b', 'a2']);
  });

  it('waits while the budget would be exceeded; one transfer larger than the budget runs alone', async () => {
    const limiter = new TransferLimiter(limits);
    const granted: string[] = [];
    const a = await track(limiter, 'a', 60, granted);
    const b = track(limiter, 'b', 60, granted);
    await settle();
    assert.deepEqual(granted, ['a']);
    a();
    const releaseB = await b;
    const huge = track(limiter, 'huge', 1_000, granted);
    await settle();
    assert.deepEqual(granted, ['a', 'b']);
    releaseB();
    (await huge)();
    assert.deepEqual(granted, ['a', 'b', 'huge']);
    (await limiter.acquire('alone', 1_000))();
  });

  it('grants in arrival order: a small transfer does not overtake a waiting large one', async () => {
    const limiter = new TransferLimiter(limits);
    const granted: string[] = [];
    const a = await track(limiter, 'a', 50, granted);
    const large = track(limiter, 'large', 80, granted);
    const small = track(limiter, 'small', 10, granted);
    await settle();
    assert.deepEqual(granted, ['a']);
    a();
    const releases: Release[] = [await large, await small];
    assert.deepEqual(granted, ['a', 'large', 'small']);
    releases.forEach((r) => r());
  });

  it('a waiter blocked on its id does not hold back others', async () => {
    const limiter = new TransferLimiter(limits);
    const granted: string[] = [];
    const a = await track(limiter, 'a', 10, granted, 'a1');
    const blocker = await track(limiter, 'x', 88, granted);
    const a2 = track(limiter, 'a', 10, granted, 'a2');
    const b = track(limiter, 'b', 5, granted);
    await settle();
    assert.deepEqual(granted, ['a1', 'x']);
    blocker();
    (await b)();
    assert.deepEqual(granted, ['a1', 'x', 'b']);
    a();
    (await a2)();
  });

  it('refuses at once beyond maxPending waiters, and a waiter that waited too long', async () => {
    const limiter = new TransferLimiter({ ...limits, maxPending: 2, waitTimeoutMs: 20 });
    const keepAlive = setInterval(() => undefined, 1000); // the limiter's own timers do not hold the process
    try {
      const hold = await limiter.acquire('a', 10);
      const waiting = [limiter.acquire('a', 10), limiter.acquire('a', 10)];
      await assert.rejects(limiter.acquire('a', 10), busy);
      (await limiter.acquire('b', 10))();
      for (const w of waiting) await assert.rejects(w, busy);
      assert.equal(limiter.pending, 0);
      hold();
      (await limiter.acquire('a', 10))();
    } finally {
      clearInterval(keepAlive);
    }
  });

  it('withLock releases on failure; a release is idempotent', async () => {
    const limiter = new TransferLimiter(limits);
    await assert.rejects(limiter.withLock('a', async () => { throw new Error('boom'); }), /boom/);
    assert.equal(await limiter.withLock('a', async () => 42), 42);
    const release = await limiter.acquire('a', 90);
    release();
    release();
    (await limiter.acquire('b', 100))();
  });
});
