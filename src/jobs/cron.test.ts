import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronError, latestOccurrence, nextOccurrence } from './cron.js';

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

test('latest and next occurrences (jobs.md §8.2 examples, UTC)', () => {
  const at = (iso: string) => Date.parse(iso);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 16));
  const latest: Array<[string, string, string]> = [
    ['0 0 * * *', '2024-06-09T12:34:56Z', '2024-06-09T00:00'],
    ['0 12 * * *', '2024-06-09T11:59:00Z', '2024-06-08T12:00'],
    ['*/15 * * * *', '2024-06-09T12:46:00Z', '2024-06-09T12:45'],
    ['*/15 * * * *', '2024-06-09T12:45:30Z', '2024-06-09T12:45'],
    ['0 9-17 * * 1-5', '2024-06-10T18:00:00Z', '2024-06-10T17:00'],
  ];
  for (const [expr, now, expected] of latest) assert.equal(iso(latestOccurrence(expr, at(now))), expected, `${expr} latest at ${now}`);
  const next: Array<[string, string, string]> = [
    ['45 * * * *', '2026-01-15T12:30:00Z', '2026-01-15T12:45'],
    ['0 8 * * *', '2026-01-15T15:00:00Z', '2026-01-16T08:00'],
    ['*/2 * * * *', '2026-01-15T12:01:10Z', '2026-01-15T12:02'],
    ['* * * * *', '2026-01-15T12:01:10Z', '2026-01-15T12:02'],
  ];
  for (const [expr, now, expected] of next) assert.equal(iso(nextOccurrence(expr, at(now))), expected, `${expr} next at ${now}`);
  assert.equal(nextOccurrence('0 0 * * 7', at('2026-01-15T12:00:00Z')), null);
});
