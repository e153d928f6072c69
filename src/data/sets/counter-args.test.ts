// Counter arguments: upstream's validation order, deltas and TTLs, nothing mutated on errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataQuery } from '../query.js';
import { counterArgs, isCounterOp, type CounterArgs, type CounterOp } from './counter-args.js';

const NOW = 1_700_000_000_000;

describe('counterArgs', () => {
  const cases: Array<[CounterOp, string, string, CounterArgs]> = [
    ['incr', 'hits', '', { ok: true, plan: { kind: 'integer', delta: 1n, ttlMs: undefined } }],
    ['decr', 'hits', '', { ok: true, plan: { kind: 'integer', delta: -1n, ttlMs: undefined } }],
    ['incrby', 'hits', '?by=10', { ok: true, plan: { kind: 'integer', delta: 10n, ttlMs: undefined } }],
    ['incrby', 'hits', '?by=-4&ttl=1000', { ok: true, plan: { kind: 'integer', delta: -4n, ttlMs: 1000 } }],
    ['decrby', 'hits', '?by=3', { ok: true, plan: { kind: 'integer', delta: -3n, ttlMs: undefined } }],
    ['decrby', 'hits', '?by=-9223372036854775807', { ok: true, plan: { kind: 'integer', delta: 9223372036854775807n, ttlMs: undefined } }],
    ['incrbyfloat', 'cost', '?by=1.25', { ok: true, plan: { kind: 'decimal', delta: '1.25', ttlMs: undefined } }],
    ['incr', 'hits', '?by=ignored', { ok: true, plan: { kind: 'integer', delta: 1n, ttlMs: undefined } }],
    ['incrby', 'hits', '', { ok: false, status: 400, message: 'Missing by.' }],
    ['incrby', 'bad id', '', { ok: false, status: 400, message: 'Missing by.' }],
    ['incrbyfloat', 'cost', '?by=', { ok: false, status: 400, message: 'Missing by.' }],
    ['decrby', 'hits', '?by=x', { ok: false, status: 400, message: 'Invalid by.' }],
    ['incrby', 'hits', '?by=1.5', { ok: false, status: 400, message: 'Invalid by.' }],
    ['incrby', 'hits', '?by=9223372036854775808', { ok: false, status: 400, message: 'Invalid by.' }],
    ['incrbyfloat', 'cost', '?by=1e40', { ok: false, status: 400, message: 'Invalid by.' }],
    ['incr', 'bad id', '?ttl=0', { ok: false, status: 400, message: 'Invalid id.' }],
    ['incr', 'hits', '?ttl=0', { ok: false, status: 400, message: 'Invalid ttl.' }],
    ['incr', 'hits', '?ttl=-1', { ok: false, status: 400, message: 'Invalid ttl.' }],
    ['incr', 'hits', '?ttl=soon', { ok: false, status: 400, message: 'Invalid ttl.' }],
    ['decrby', 'hits', '?by=-9223372036854775808', { ok: false, status: 409, message: 'Integer decrement overflow.' }],
  ];
  for (const [op, id, query, expected] of cases) {
    it(`${op} ${id}${query} → ${expected.ok ? 'ok' : `${expected.status} ${expected.message}`}`, () =>
      assert.deepEqual(counterArgs(op, id, new DataQuery(query), NOW), expected));
  }
  it('knows its operations', () => {
    assert.equal(isCounterOp('incrbyfloat'), true);
    assert.equal(isCounterOp('INCR'), false);
    assert.equal(isCounterOp('mult'), false);
  });
});
