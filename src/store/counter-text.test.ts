// Counter text arithmetic: exact decimal sums and 64-bit integer bounds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addDecimal, addInteger } from './counter-text.js';
import { StoreError } from './store.js';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('addDecimal', () => {
  const cases: Array<[string | null, number, string]> = [
    [null, 0.1, '0.1'],
    ['0.1', 0.2, '0.3'],
    ['1.50', 1, '2.5'],
    ['-0.25', 0.25, '0'],
    ['10', 1e-7, '10.0000001'],
    [' 3 ', -5, '-2'],
    ['79228162514264337593543950334', 1, '79228162514264337593543950335'],
    ['0.1111111111111111111111111111', 0.00000000000000000000000000005, '0.1111111111111111111111111112'],
  ];
  for (const [current, delta, expected] of cases) {
    it(`${current} + ${delta} = ${expected}`, () => assert.equal(addDecimal(current === null ? null : b(current), delta), expected));
  }
  it('rejects text that is not a number and overflows past the decimal range', () => {
    assert.throws(() => addDecimal(b('abc'), 1), (e) => e instanceof StoreError && e.code === 'not-integer');
    assert.throws(() => addDecimal(b('79228162514264337593543950335'), 1), (e) => e instanceof StoreError && e.code === 'overflow');
    assert.throws(() => addDecimal(null, 1e300), (e) => e instanceof StoreError && e.code === 'overflow');
  });
});

describe('addInteger', () => {
  it('adds within 64 bits and rejects everything else', () => {
    assert.equal(addInteger(b('+41'), 1), 42n);
    assert.throws(() => addInteger(b('9223372036854775808'), 0), (e) => e instanceof StoreError && e.code === 'not-integer');
    assert.throws(() => addInteger(null, 1.5), (e) => e instanceof StoreError && e.code === 'not-integer');
    assert.throws(() => addInteger(null, 2n ** 63n), (e) => e instanceof StoreError && e.code === 'overflow');
  });
});
