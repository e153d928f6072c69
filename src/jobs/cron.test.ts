import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronError } from './cron.js';

test('valid cron expressions (jobs.md §8.2)', () => {
  for (const expression of ['*/2 * * * *', '0 0 * * *', '0 9-17 * * 1-5', '0/15 * * * *', '5/15 * * * *', '1,2,3 0 1 1 0', '0 12 10 * 5']) {
    assert.equal(cronError(expression), undefined, expression);
  }
});

test('invalid cron expressions', () => {
  const cases: Array<[string, string]> = [
    ['', 'it is empty'],
    ['* * * *', 'it must have exactly 5 fields'],
    ['0 * * * * *', 'it must have exactly 5 fields'],
    ['0 0 * * MON', "field 'MON' is not supported"],
    ['@daily', 'it must have exactly 5 fields'],
    ['0 0 L * *', "field 'L' is not supported"],
    ['0 0 ? * *', "field '?' is not supported"],
    ['0 0 30 2 *', 'it has no occurrence'],
    ['0 0 * * 7', 'it has no occurrence'],
  ];
  for (const [expression, reason] of cases) assert.equal(cronError(expression), reason, expression);
  for (const expression of ['0 25 * * *', '61 * * * *', '0 0 32 * *', '0 0 * 13 *']) {
    assert.notEqual(cronError(expression), undefined, expression);
  }
});
