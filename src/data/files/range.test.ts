// Range decisions for downloads (RFC 9110 §14): single byte ranges, 416, and what is ignored.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideRange, type RangeDecision } from './range.js';

const full: RangeDecision = { kind: 'full' };
const none: RangeDecision = { kind: 'unsatisfiable' };
const part = (start: number, end: number): RangeDecision => ({ kind: 'partial', start, end });

describe('decideRange (100-byte file)', () => {
  const cases: Array<[string | undefined, RangeDecision]> = [
    [undefined, full],
    ['bytes=0-9', part(0, 9)],
    ['bytes=10-', part(10, 99)],
    ['bytes=-10', part(90, 99)],
    ['bytes=-500', part(0, 99)],
    ['bytes=50-5000', part(50, 99)],
    ['bytes=99-99', part(99, 99)],
    ['BYTES = 1 - 2', part(1, 2)],
    ['bytes=100-', none],
    ['bytes=100-200', none],
    ['bytes=-0', none],
    ['bytes=9-0', full],
    ['bytes=0-1,5-6', full],
    ['bytes=-', full],
    ['bytes=abc', full],
    ['items=0-9', full],
    ['bytes=0x1-2', full],
    ['', full],
  ];
  for (const [header, expected] of cases) it(`${JSON.stringify(header)} → ${JSON.stringify(expected)}`, () => assert.deepEqual(decideRange(header, 100), expected));
});

describe('decideRange edge cases', () => {
  it('an empty file satisfies no range', () => {
    assert.deepEqual(decideRange('bytes=0-', 0), none);
    assert.deepEqual(decideRange('bytes=-5', 0), none);
  });
  it('If-Range: the range applies only when it names the current ETag', () => {
    assert.deepEqual(decideRange('bytes=0-9', 100, '"abc"', '"abc"'), part(0, 9));
    assert.deepEqual(decideRange('bytes=0-9', 100, '"old"', '"abc"'), full);
    assert.deepEqual(decideRange('bytes=0-9', 100, 'Wed, 21 Oct 2015 07:28:00 GMT', '"abc"'), full);
  });
  it('huge positions stay numbers', () => {
    assert.deepEqual(decideRange('bytes=99999999999999999999-', 100), none);
    assert.deepEqual(decideRange('bytes=0-99999999999999999999', 100), part(0, 99));
  });
});
