// Query parameters: ASP.NET-style names, strict ttl / by parsing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataQuery, parseDecimalText, parseInt64, parseTtl } from './query.js';

const NOW = 1_700_000_000_000;

describe('DataQuery', () => {
  it('names are case-insensitive, the first occurrence wins, empty is absent, values are decoded', () => {
    const q = new DataQuery('?ID=a&id=b&ttl=&by=%2B5&name=a+b');
    assert.equal(q.get('id'), 'a');
    assert.equal(q.get('ttl'), undefined);
    assert.equal(q.get('by'), '+5');
    assert.equal(q.get('name'), 'a b');
    assert.equal(q.get('missing'), undefined);
    assert.equal(new DataQuery('').get('id'), undefined);
  });
});

describe('parseInt64', () => {
  const cases: Array<[string, bigint | null]> = [
    ['10', 10n],
    ['-3', -3n],
    ['+7', 7n],
    [' 5 ', 5n],
    ['007', 7n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775808', null],
    ['1.5', null],
    ['1e3', null],
    ['abc', null],
    ['', null],
  ];
  for (const [raw, value] of cases) it(`${JSON.stringify(raw)} → ${value}`, () => assert.equal(parseInt64(raw), value));
});

describe('parseTtl', () => {
  const cases: Array<[string | undefined, ReturnType<typeof parseTtl>]> = [
    [undefined, { ok: true, ttlMs: undefined }],
    ['600000', { ok: true, ttlMs: 600_000 }],
    ['0', { ok: true, ttlMs: 0 }],
    ['-5', { ok: true, ttlMs: -5 }],
    ['abc', { ok: false }],
    ['1.5', { ok: false }],
    ['9223372036854775807', { ok: false }],
    [String(253_402_300_799_999 - NOW), { ok: true, ttlMs: 253_402_300_799_999 - NOW }],
    [String(253_402_300_799_999 - NOW + 1), { ok: false }],
  ];
  for (const [raw, expected] of cases) it(`${raw} → ${JSON.stringify(expected)}`, () => assert.deepEqual(parseTtl(raw, NOW), expected));
});

describe('parseDecimalText', () => {
  const cases: Array<[string, string | null]> = [
    ['1.25', '1.25'],
    ['-3', '-3'],
    ['+0.5', '+0.5'],
    ['.5', '.5'],
    ['2.', '2.'],
    ['2e-3', '2e-3'],
    [' 1.5 ', '1.5'],
    ['79228162514264337593543950335', '79228162514264337593543950335'],
    ['79228162514264337593543950336', null],
    ['1e29', null],
    ['7.9e28', '7.9e28'],
    ['0.0000000000000000000000000000001', '0.0000000000000000000000000000001'],
    ['1,5', null],
    ['abc', null],
    ['', null],
    ['.', null],
    ['NaN', null],
    ['Infinity', null],
    ['1e99999', null],
  ];
  for (const [raw, expected] of cases) it(`${JSON.stringify(raw)} → ${expected}`, () => assert.equal(parseDecimalText(raw), expected));
});
