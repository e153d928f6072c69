// Table tests of the cold-start admission (cap per function, counters per node).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { admits, ColdStartAdmission, COLD_START_RETRY_AFTER_SECONDS, rejectionBody } from './cold-start-admission.js';

describe('admits', () => {
  const cases: Array<[waiting: number, cap: number, expected: boolean]> = [
    [0, 1000, true],
    [999, 1000, true],
    [1000, 1000, false],
    [1001, 1000, false],
    [0, 1, true],
    [1, 1, false],
    [0, 0, false], // cap 0: no call ever waits (the wake still happens: the call was recorded as activity)
  ];
  for (const [waiting, cap, expected] of cases) {
    it(`${waiting} waiting, cap ${cap} => ${expected}`, () => assert.equal(admits(waiting, cap), expected));
  }
});

describe('ColdStartAdmission', () => {
  type Step = ['enter', string, number, boolean] | ['leave', string];
  const cases: Array<[string, Step[], Record<string, number>]> = [
    ['admits up to the cap, then refuses', [['enter', 'a', 2, true], ['enter', 'a', 2, true], ['enter', 'a', 2, false]], { a: 2 }],
    ['a refused call is not counted', [['enter', 'a', 1, true], ['enter', 'a', 1, false], ['enter', 'a', 1, false]], { a: 1 }],
    ['leaving frees a place', [['enter', 'a', 1, true], ['leave', 'a'], ['enter', 'a', 1, true]], { a: 1 }],
    ['functions are counted apart', [['enter', 'a', 1, true], ['enter', 'b', 1, true], ['enter', 'a', 1, false]], { a: 1, b: 1 }],
    ['the cap is read per call (a lowered cap refuses, the waiting stay)', [['enter', 'a', 3, true], ['enter', 'a', 3, true], ['enter', 'a', 1, false]], { a: 2 }],
    ['back to zero', [['enter', 'a', 5, true], ['leave', 'a']], { a: 0 }],
    ['an extra leave never goes negative', [['leave', 'a'], ['enter', 'a', 1, true]], { a: 1 }],
    ['cap 0 refuses everything', [['enter', 'a', 0, false]], { a: 0 }],
  ];
  for (const [name, steps, expected] of cases) {
    it(name, () => {
      const admission = new ColdStartAdmission();
      for (const step of steps) {
        if (step[0] === 'enter') assert.equal(admission.tryEnter(step[1], step[2]), step[3], JSON.stringify(step));
        else admission.leave(step[1]);
      }
      for (const [fn, count] of Object.entries(expected)) assert.equal(admission.count(fn), count, fn);
    });
  }

  it('rejection body names the function, the cap and the retry delay', () => {
    const body = rejectionBody('fibonacci', 1000);
    assert.equal(body.function, 'fibonacci');
    assert.equal(body.maxPendingWhileWaking, 1000);
    assert.equal(body.retryAfterSeconds, COLD_START_RETRY_AFTER_SECONDS);
    assert.match(body.error, /fibonacci is starting/);
  });
});
