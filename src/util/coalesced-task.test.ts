import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoalescedTask } from './coalesced-task.js';

describe('CoalescedTask', () => {
  it('coalesces a burst of calls into one extra run and never overlaps', async () => {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    const task = new CoalescedTask(async () => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setImmediate(r));
      active--;
    }, () => undefined);
    await Promise.all([task.run(), task.run(), task.run(), task.run()]);
    assert.equal(runs, 2);
    assert.equal(maxActive, 1);
  });
  it('reports errors and keeps working', async () => {
    const errors: string[] = [];
    let fail = true;
    const task = new CoalescedTask(async () => {
      if (fail) throw new Error('boom');
    }, (e) => errors.push(e.message));
    await task.run();
    fail = false;
    await task.run();
    assert.deepEqual(errors, ['boom']);
  });
});
