// Table-driven checks of the queue element state machine and the pop/callback planners.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeTimedOutAttempt,
  elementState,
  planCallback,
  planPop,
  summarizeQueue,
  type QueueEntryState,
} from './queue-state.js';
import type { QueueAttempt, QueueElementState, RetryPolicy } from '../store/store.js';

const policy: RetryPolicy = { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [2, 4], httpStatusRetries: [500, 504] };
const noRetry: RetryPolicy = { ...policy, timeoutRetriesSeconds: [] };
const open = (startMs: number, transactionId = 't'): QueueAttempt => ({
  startMs,
  endMs: 0,
  httpCode: 0,
  transactionId,
  reservedIp: '10.0.0.1',
});
const ended = (startMs: number, endMs: number, httpCode: number): QueueAttempt => ({
  startMs,
  endMs,
  httpCode,
  transactionId: 't',
  reservedIp: '',
});

describe('elementState', () => {
  const cases: Array<[string, RetryPolicy, QueueAttempt[], number, QueueElementState]> = [
    ['never attempted', policy, [], 5_000, 'available'],
    ['open, inside timeout', policy, [open(1_000)], 30_999, 'running'],
    ['open, timeout reached (<=) is not running', policy, [open(1_000)], 31_000, 'waiting'],
    ['ended 200 (not retryable)', policy, [ended(1_000, 2_000, 200)], 2_000, 'finished'],
    ['ended 500, delay not elapsed', policy, [ended(1_000, 2_000, 500)], 3_999, 'waiting'],
    ['ended 500, exactly the delay is still waiting', policy, [ended(1_000, 2_000, 500)], 4_000, 'waiting'],
    ['ended 500, strictly more than the delay', policy, [ended(1_000, 2_000, 500)], 4_001, 'available'],
    ['second attempt uses the second delay', policy, [ended(0, 1, 500), ended(5_000, 6_000, 500)], 10_000, 'waiting'],
    ['second attempt delay elapsed', policy, [ended(0, 1, 500), ended(5_000, 6_000, 500)], 10_001, 'available'],
    ['attempts exceed retries', policy, [ended(0, 1, 500), ended(2, 3, 500), ended(4, 5, 500)], 9_999, 'finished'],
    ['last of max attempts still running', policy, [ended(0, 1, 500), ended(2, 3, 500), open(4)], 30_003, 'running'],
    ['last of max attempts timed out', policy, [ended(0, 1, 500), ended(2, 3, 500), open(4)], 30_004, 'finished'],
    ['no retries, ended with retryable code', noRetry, [ended(0, 1, 500)], 2, 'finished'],
    ['no retries, timed out', noRetry, [open(0)], 30_000, 'finished'],
    ['no retries, running', noRetry, [open(0)], 29_999, 'running'],
    ['timed out: delay counted from start + timeout', policy, [open(1_000)], 33_000, 'waiting'],
    ['timed out: delay elapsed strictly', policy, [open(1_000)], 33_001, 'available'],
    ['ended 504 retryable', policy, [ended(0, 30_000, 504)], 32_001, 'available'],
  ];
  for (const [name, p, attempts, now, expected] of cases) {
    it(name, () => assert.equal(elementState({ policy: p, attempts }, now), expected));
  }
});

describe('closeTimedOutAttempt', () => {
  it('closes an open timed-out attempt with 504 at now', () => {
    const closed = closeTimedOutAttempt({ policy, attempts: [open(0)] }, 30_000);
    assert.deepEqual(closed?.[0], { ...open(0), endMs: 30_000, httpCode: 504 });
  });
  it('leaves running and ended attempts alone', () => {
    assert.equal(closeTimedOutAttempt({ policy, attempts: [open(0)] }, 29_999), null);
    assert.equal(closeTimedOutAttempt({ policy, attempts: [ended(0, 1, 500)] }, 99_999), null);
    assert.equal(closeTimedOutAttempt({ policy, attempts: [] }, 99_999), null);
  });
});

const entry = (id: string, attempts: QueueAttempt[] = [], p = policy): QueueEntryState => ({ id, policy: p, attempts });

describe('planPop', () => {
  it('takes available elements in order with reserved ips, skipping running and waiting', () => {
    const plan = planPop(
      [entry('run', [open(0)]), entry('wait', [ended(0, 900, 500)]), entry('a'), entry('b'), entry('c')],
      1_000,
      'tx',
      2,
      ['ip1'],
    );
    assert.deepEqual(plan.taken, ['a', 'b']);
    assert.equal(plan.replay, false);
    assert.deepEqual(plan.changed.get('a'), [{ startMs: 1_000, endMs: 0, httpCode: 0, transactionId: 'tx', reservedIp: 'ip1' }]);
    assert.equal(plan.changed.get('b')?.[0]?.reservedIp, '');
    assert.deepEqual(plan.removed, []);
  });
  it('closes timed-out attempts (then waiting) and removes finished elements', () => {
    const plan = planPop([entry('t', [open(0)]), entry('f', [ended(0, 1, 200)]), entry('x', [open(0)], noRetry)], 30_000, 'tx', 5);
    assert.deepEqual(plan.removed, ['f', 'x']);
    assert.deepEqual(plan.taken, []);
    assert.deepEqual(plan.changed.get('t')?.[0], { ...open(0), endMs: 30_000, httpCode: 504 });
  });
  it('removes a timed-out element whose 504 is not retryable', () => {
    const p = { ...policy, httpStatusRetries: [500] };
    assert.deepEqual(planPop([entry('t', [open(0)], p)], 30_000, 'tx', 1).removed, ['t']);
  });
  it('a retried element keeps its position before newer elements', () => {
    const plan = planPop([entry('old', [ended(0, 1_000, 500)]), entry('new')], 3_001, 'tx', 1);
    assert.deepEqual(plan.taken, ['old']);
    assert.equal(plan.changed.get('old')?.length, 2);
  });
  it('replay: an element already carrying the transaction id is returned, nothing new is taken', () => {
    const plan = planPop([entry('a', [open(0, 'tx')]), entry('b')], 10, 'tx', 5);
    assert.equal(plan.replay, true);
    assert.deepEqual(plan.taken, ['a']);
    assert.equal(plan.changed.size, 0);
  });
});

describe('planCallback', () => {
  const entries = new Map([
    ['a', entry('a', [open(0)])],
    ['b', entry('b', [open(0)])],
    ['c', entry('c', [])],
    ['d', entry('d', [ended(0, 1, 500), ended(2, 3, 500), open(4)])],
  ]);
  it('closes, removes finished, deletes on 1000, ignores unknown and unattempted ids', () => {
    const plan = planCallback(
      (id) => entries.get(id),
      [
        { id: 'a', httpCode: 500 },
        { id: 'b', httpCode: 200 },
        { id: 'c', httpCode: 500 },
        { id: 'zz', httpCode: 200 },
        { id: 'd', httpCode: 500 },
      ],
      100,
    );
    assert.deepEqual(plan.changed.get('a')?.[0], { ...open(0), endMs: 100, httpCode: 500 });
    assert.deepEqual(plan.removed.sort(), ['b', 'd']);
    assert.equal(plan.changed.has('c'), false);
    assert.deepEqual(planCallback((id) => entries.get(id), [{ id: 'c', httpCode: 1000 }], 100).removed, ['c']);
  });
});

describe('summarizeQueue', () => {
  it('counts states and lists running reservations, ignoring finished', () => {
    const s = summarizeQueue(
      [entry('r', [open(0)]), entry('w', [ended(0, 1, 500)]), entry('f', [ended(0, 1, 200)]), entry('a')],
      100,
      3,
    );
    assert.deepEqual(s, { available: 4, running: 1, waitingForRetry: 1, runningReservations: [{ id: 'r', reservedIp: '10.0.0.1' }] });
  });
});
