import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reservePods, podReservationKey } from './reserve-pods.js';

const count = (keys: string[]) => keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});

describe('reservePods (functions.md §7.3 step 5)', () => {
  it('3 pods, per-pod limit 3, loads 2/2/0, 5 reservations ⇒ 1, 1 and 3', () => {
    const loads = new Map([['a', 2], ['b', 2], ['c', 0]]);
    assert.deepEqual(count(reservePods(['a', 'b', 'c'], loads, 3, 5, 0)), { a: 1, b: 1, c: 3 });
  });
  it('2 pods, limit 10, 10 items ⇒ 5 and 5', () => {
    assert.deepEqual(count(reservePods(['a', 'b'], new Map(), 10, 10, 0)), { a: 5, b: 5 });
  });
  it('stops when every pod is at its limit', () => {
    assert.deepEqual(reservePods(['a', 'b'], new Map([['a', 1]]), 1, 5, 0), ['b']);
  });
  it('breaks ties from the round-robin start', () => {
    assert.deepEqual(reservePods(['a', 'b', 'c'], new Map(), 10, 1, 2), ['c']);
  });
  it('keys pods by address and port, or by explicit endpoint', () => {
    assert.equal(podReservationKey({ ip: '127.0.0.1', ports: [5001] }), '127.0.0.1:5001');
    assert.equal(podReservationKey({ ip: 'h', ports: [1], endpointUrl: 'http://h:1/x' }), 'http://h:1/x');
  });
});
