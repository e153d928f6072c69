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
    ['3', -5, '-2'],
    ['1e3', 0.5, '1000.5'],
    ['.5', 0.25, '0.75'],
    ['79228162514264337593543950334', 1, '79228162514264337593543950335'],
    ['0.1111111111111111111111111111', 0.00000000000000000000000000005, '0.1111111111111111111111111112'],
  ];
  for (const [current, delta, expected] of cases) {
    it(`${current} + ${delta} = ${expected}`, () => assert.equal(addDecimal(current === null ? null : b(current), delta), expected));
  }
  const exact: Array<[string | null, string, string]> = [
    [null, '1.25', '1.25'],
    ['1', '0.0000000000000000000000000001', '1.0000000000000000000000000001'],
    ['2', '-1e-99999999999', '2'],
    ['0', '0e999999999', '0'],
  ];
  for (const [current, delta, expected] of exact) {
    it(`${current} + "${delta}" = ${expected} (exact text delta)`, () => assert.equal(addDecimal(current === null ? null : b(current), delta), expected));
  }
  it('rejects text that is not a number and overflows past the decimal range', () => {
    for (const text of ['abc', ' 3 ', '3 ', '1,5', '', '.', 'e5', '1e', '0x10', '1'.repeat(1001)]) {
      assert.throws(() => addDecimal(b(text), 1), (e) => e instanceof StoreError && e.code === 'not-integer', JSON.stringify(text.slice(0, 20)));
    }
    assert.throws(() => addDecimal(null, '1e99999999999'), (e) => e instanceof StoreError && e.code === 'overflow');
    assert.throws(() => addDecimal(b('79228162514264337593543950335'), 1), (e) => e instanceof StoreError && e.code === 'overflow');
    assert.throws(() => addDecimal(null, 1e300), (e) => e instanceof StoreError && e.code === 'overflow');
  });
});

describe('addInteger', () => {
  it('adds within 64 bits and rejects everything else', () => {
    assert.equal(addInteger(b('+41'), 1), 42n);
    assert.equal(addInteger(b('-0007'), 0), -7n);
    assert.equal(addInteger(b(`${'0'.repeat(100_000)}9`), 1), 10n);
    for (const text of [' 1', '1 ', '1.0', '1e3', '', '+', '--1', '12a', '1'.repeat(20)]) {
      assert.throws(() => addInteger(b(text), 1), (e) => e instanceof StoreError && e.code === 'not-integer', JSON.stringify(text));
    }
    assert.throws(() => addInteger(b('9223372036854775808'), 0), (e) => e instanceof StoreError && e.code === 'not-integer');
    assert.throws(() => addInteger(null, 1.5), (e) => e instanceof StoreError && e.code === 'not-integer');
    assert.throws(() => addInteger(null, 2n ** 63n), (e) => e instanceof StoreError && e.code === 'overflow');
  });
});
