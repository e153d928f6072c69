import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseClockTime } from './clock-time.js';

describe('parseClockTime (autoscaling.md §2.4 time strings)', () => {
  const valid: Array<[string, number, number]> = [
    ['08:00', 8, 0],
    ['8:00', 8, 0],
    ['23:59', 23, 59],
    ['0:0', 0, 0],
    [' 8 : 30 ', 8, 30],
    ['+8:05', 8, 5],
    ['-0:15', 0, 15],
    ['007:001', 7, 1],
  ];
  for (const [text, hour, minute] of valid) {
    it(`accepts ${JSON.stringify(text)}`, () => assert.deepEqual(parseClockTime(text), { ok: true, time: { hour, minute } }));
  }

  const invalid: Array<[string, RegExp]> = [
    ['8', /not an H:mm/],
    ['8:00:00', /not an H:mm/],
    ['8h00', /not an H:mm/],
    ['8:', /not an H:mm/],
    [':30', /not an H:mm/],
    ['8.5:00', /not an H:mm/],
    ['08:3O', /not an H:mm/],
    ['1e1:00', /not an H:mm/],
    ['24:00', /out of range/],
    ['12:60', /out of range/],
    ['-1:00', /out of range/],
    ['99999999999:00', /not an H:mm/],
  ];
  for (const [text, error] of invalid) {
    it(`skips ${JSON.stringify(text)}`, () => {
      const result = parseClockTime(text);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.error, error);
    });
  }
});
