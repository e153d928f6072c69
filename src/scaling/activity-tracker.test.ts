import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { silentLogger } from '../logging.js';
import { ActivityTracker } from './activity-tracker.js';

describe('ActivityTracker (platform.md §1.7 history synchronisation)', () => {
  it('shares activity through TicksLastCall:<fn>, newest wins both ways, future values clamp to now', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-activity-'));
    const store = SqliteStore.open({ path: join(dir, 's.sqlite') });
    let now = 1_000_000;
    const a = new ActivityTracker(store, silentLogger, 500, () => now);
    const b = new ActivityTracker(store, silentLogger, 500, () => now);
    try {
      const woken: string[] = [];
      a.onWake((name) => woken.push(name));
      a.touch('fib');
      assert.deepEqual(woken, ['fib']);
      await a.sync(['fib']);
      assert.equal((await store.get('TicksLastCall:fib'))!.toString(), '1000000');
      await b.sync(['fib']);
      assert.equal(b.lastActivity('fib'), 1_000_000, 'another node sees the activity');

      now = 1_005_000;
      const end = b.begin('fib');
      now = 1_009_000;
      await b.sync(['fib']);
      assert.equal(b.lastActivity('fib'), 1_009_000, 'in-flight calls keep refreshing activity');
      end();
      await a.sync(['fib']);
      assert.equal(a.lastActivity('fib'), 1_009_000);

      await store.set('TicksLastCall:fib', String(5_000_000));
      await a.sync(['fib']);
      assert.equal(a.lastActivity('fib'), 1_009_000, 'a value in the future is clamped to now');
      assert.equal(a.newestActivity(), 1_009_000);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
