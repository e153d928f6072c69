import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restartDelaySeconds } from './backoff.js';

const cases: Array<[number, number]> = [
  [Number.NaN, 1],
  [0, 1],
  [1, 1],
  [2, 2],
  [3, 4],
  [4, 8],
  [5, 16],
  [6, 30],
  [100, 30],
];

for (const [failures, seconds] of cases) {
  test(`restartDelaySeconds(${failures}) = ${seconds} (min(30, 2^(n−1)))`, () => {
    assert.equal(restartDelaySeconds(failures), seconds);
  });
}
