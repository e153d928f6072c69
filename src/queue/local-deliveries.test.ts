import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalDeliveries } from './local-deliveries.js';

describe('LocalDeliveries', () => {
  it('counts in-flight deliveries and their loads per reserved pod', () => {
    const local = new LocalDeliveries();
    local.begin('fn', 'pod-a');
    local.begin('fn', 'pod-a');
    local.begin('fn', 'pod-b');
    assert.equal(local.count('fn'), 3);
    assert.deepEqual([...local.loadsOf('fn')], [['pod-a', 2], ['pod-b', 1]]);
    local.end('fn', 'pod-a', false);
    local.end('fn', 'pod-b', false);
    assert.equal(local.count('fn'), 1);
    assert.deepEqual([...local.loadsOf('fn')], [['pod-a', 1]]);
    assert.equal(local.count('other'), 0);
  });

  // [case, exclusive, available, asked, taken, known after (same fence)]
  const cases: Array<[string, boolean, number, number, number, number]> = [
    ['full pop from a longer queue: the rest stays known', true, 10, 4, 4, 6],
    ['pop took everything known', true, 4, 4, 4, 0],
    ['pop returned fewer than asked: unknown again', true, 10, 4, 3, 0],
    ['a running attempt was not this node\'s: never known', false, 10, 4, 4, 0],
  ];
  for (const [name, exclusive, available, asked, taken, known] of cases) {
    it(name, () => {
      const local = new LocalDeliveries();
      local.popped('fn', 'lease-1', available, asked, taken, exclusive);
      assert.equal(local.knownAvailable('fn', 'lease-1'), known);
    });
  }

  it('forgets what it knew under another lease, or once an attempt stays running after its delivery (202 mode)', () => {
    const local = new LocalDeliveries();
    local.popped('fn', 'lease-1', 10, 2, 2, true);
    assert.equal(local.knownAvailable('fn', 'lease-2'), 0);
    assert.equal(local.knownAvailable('fn', 'lease-1'), 8);
    local.begin('fn', 'pod-a');
    local.end('fn', 'pod-a', false);
    assert.equal(local.knownAvailable('fn', 'lease-1'), 8);
    local.begin('fn', 'pod-a');
    local.end('fn', 'pod-a', true);
    assert.equal(local.knownAvailable('fn', 'lease-1'), 0);
  });
});
