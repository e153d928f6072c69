import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { DeadLetters, deadLetterSettings, overCap } from './dead-letters.js';
import { defaultHttpPolicy } from '../model/parse-annotations.js';
import type { QueueElement } from '../store/store.js';
import { queueKey } from '../queue/queue-keys.js';

describe('deadLetterSettings', () => {
  const cases: Array<[string, object, ReturnType<typeof deadLetterSettings>]> = [
    ['defaults: 7 days, 1000 items', {}, { ttlMs: 7 * 24 * 3600 * 1000, maxItems: 1000 }],
    ['off by TTL', { DeadLetterTtlSeconds: 0 }, null],
    ['off by cap', { DeadLetterMaxItems: 0 }, null],
    ['custom', { DeadLetterTtlSeconds: 60, DeadLetterMaxItems: 2 }, { ttlMs: 60_000, maxItems: 2 }],
  ];
  for (const [name, policy, expected] of cases) it(name, () => assert.deepEqual(deadLetterSettings({ ...defaultHttpPolicy(), ...policy }), expected));
});

describe('overCap', () => {
  const k = (key: string, expiresAtMs: number | null) => ({ key, expiresAtMs });
  const cases: Array<[string, ReturnType<typeof k>[], number, string[]]> = [
    ['under the cap', [k('a', 1), k('b', 2)], 2, []],
    ['drops the earliest expiry first', [k('a', 30), k('b', 10), k('c', 20)], 1, ['b', 'c']],
    ['ties by key, no expiry last', [k('z', null), k('b', 5), k('a', 5)], 1, ['a', 'b']],
  ];
  for (const [name, keys, max, expected] of cases) it(name, () => assert.deepEqual(overCap(keys, max), expected));
});

describe('DeadLetters (SQLite)', () => {
  let dir: string;
  let store: SqliteStore;
  let now = 1_000_000;
  const removed: string[] = [];
  const element = (id: string): QueueElement => ({
    id, value: Buffer.from(`v-${id}`), insertedAtMs: 5, attempts: [{ startMs: 1, endMs: 2, httpCode: 500, transactionId: 't', reservedIp: '' }],
    policy: { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [], httpStatusRetries: [] },
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dead-letters-'));
    store = SqliteStore.open({ path: join(dir, 'store.sqlite'), now: () => now });
    removed.length = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps, caps (oldest dropped, counted), lists, replays and deletes', async () => {
    const drops: number[] = [];
    const dl = new DeadLetters(store, async (v) => void removed.push(v.toString()), (_fn, n) => drops.push(n));
    for (const id of ['a', 'b', 'c']) {
      await dl.add('fn', element(id), 500, { ttlMs: 60_000, maxItems: 2 });
      now += 10;
    }
    assert.deepEqual((await dl.list('fn')).map((i) => [i.id, i.lastStatus, i.tries]), [['b', 500, 1], ['c', 500, 1]]);
    assert.deepEqual([drops, removed], [[1], ['v-a']]);
    assert.deepEqual([...(await dl.contains('fn', ['a', 'b', 'x']))], ['b']);
    const b = (await dl.get('fn', 'b'))!;
    assert.equal(await dl.replay('fn', b), true);
    assert.deepEqual([...(await store.queueContains(queueKey('fn'), ['b']))], ['b']);
    assert.equal(await dl.get('fn', 'b'), null);
    assert.deepEqual(removed, ['v-a'], 'a replayed body stays');
    assert.equal(await dl.remove('fn', 'nope'), false);
    assert.equal(await dl.removeAll('fn'), 1);
    assert.equal(await dl.count('fn'), 0);
  });

  it('a replay of an id already queued is refused; entries expire with their TTL', async () => {
    const dl = new DeadLetters(store, async () => undefined);
    await dl.add('fn', element('q'), 500, { ttlMs: 1000, maxItems: 10 });
    await store.queuePush(queueKey('fn'), 'q', Buffer.from('x'), element('q').policy);
    assert.equal(await dl.replay('fn', (await dl.get('fn', 'q'))!), false);
    now += 1001;
    assert.equal(await dl.count('fn'), 0);
  });
});
