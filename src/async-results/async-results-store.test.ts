import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { AsyncResultsStore } from './async-results-store.js';
import { defaultHttpPolicy } from '../model/parse-annotations.js';

describe('AsyncResultsStore (SQLite)', () => {
  let dir: string;
  let store: SqliteStore;
  let now = Date.UTC(2026, 0, 1);
  const clock = () => now;
  const settings = { ttlMs: 60_000, maxBytes: 1024 };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'async-results-'));
    now = Date.UTC(2026, 0, 1);
    store = SqliteStore.open({ path: join(dir, 'store.sqlite'), now: clock });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the transitions and the final response; the result expires with its TTL', async () => {
    const results = new AsyncResultsStore(store, clock);
    await results.queued('fn', 'a', 'x', defaultHttpPolicy(), settings);
    assert.equal((await results.read('fn', 'a'))?.Status, 'Queued');
    await results.started('fn', 'a', 1);
    now += 100;
    await results.ended('fn', 'a', 503, { status: 503, headers: {}, body: Buffer.from('busy'), size: 4 });
    assert.equal((await results.read('fn', 'a'))?.Status, 'WaitingRetry');
    assert.equal(await results.readResult('fn', 'a'), null);
    void results.started('fn', 'a', 2);
    await results.ended('fn', 'a', 200, { status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from('done'), size: 4 });
    const record = (await results.read('fn', 'a'))!;
    assert.deepEqual([record.Status, record.Attempts.map((t) => t.StatusCode), record.Attempts[0].DurationMs], ['Succeeded', [503, 200], 100]);
    const stored = (await results.readResult('fn', 'a'))!;
    assert.deepEqual([stored.status, stored.headers, stored.body.toString(), stored.tooLarge], [200, { 'content-type': 'text/plain' }, 'done', false]);
    now += 60_001;
    assert.equal(await results.read('fn', 'a'), null);
    assert.equal(await results.readResult('fn', 'a'), null);
  });

  it('keeps status and headers only for a body over the cap; no response keeps the recorded code', async () => {
    const results = new AsyncResultsStore(store, clock);
    await results.queued('fn', 'big', '', defaultHttpPolicy(), settings);
    await results.started('fn', 'big', 1);
    await results.ended('fn', 'big', 201, { status: 201, headers: { 'x-a': 'b' }, body: null, size: 5000 });
    const big = (await results.readResult('fn', 'big'))!;
    assert.deepEqual([big.status, big.headers, big.body.length, big.tooLarge], [201, { 'x-a': 'b' }, 0, true]);
    await results.queued('fn', 'gone', '', { ...defaultHttpPolicy(), HttpStatusRetries: [] }, settings);
    await results.started('fn', 'gone', 1);
    await results.ended('fn', 'gone', 500);
    assert.equal((await results.read('fn', 'gone'))?.Status, 'Failed');
    assert.equal((await results.readResult('fn', 'gone'))?.status, 500);
  });

  it('ignores transitions of an unknown id (results off at enqueue)', async () => {
    const results = new AsyncResultsStore(store, clock);
    await results.started('fn', 'none', 1);
    await results.ended('fn', 'none', 200);
    assert.equal(await results.read('fn', 'none'), null);
  });
});
