import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WakeCoalescer } from './wake-coalescer.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import type { ActivityTracker } from '../scaling/activity-tracker.js';

describe('WakeCoalescer (functions.md §9.1, E28)', () => {
  it('starts one background wake per function within 3 s, then another after the window', () => {
    let now = 1_000_000;
    const touched: string[] = [];
    const registry = { get: () => undefined } as unknown as FunctionRegistry;
    const activity = { touch: (name: string) => touched.push(name) } as unknown as ActivityTracker;
    const wake = new WakeCoalescer(registry, activity, () => now);
    try {
      assert.equal(wake.wake('fibonacci'), true);
      assert.deepEqual(touched, ['fibonacci']);
      now += 1000;
      assert.equal(wake.wake('fibonacci'), false, 'coalesced inside the window');
      assert.equal(wake.wake('other'), true, 'per function');
      now += 5000;
      // The first loop is still running (it waits 1 s between checks), so it is still coalesced.
      assert.equal(wake.wake('fibonacci'), false);
    } finally {
      wake.stop();
    }
  });
});
