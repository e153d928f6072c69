import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goParseFloat, goParseInt, parseDurationMs, parseNumberLiteral } from './go-strconv.js';

test('ParseInt with base 0 reads prefixes, octal and underscores like Go', () => {
  assert.equal(goParseInt('42'), 42);
  assert.equal(goParseInt('0x1F'), 31);
  assert.equal(goParseInt('010'), 8);
  assert.equal(goParseInt('0b101'), 5);
  assert.equal(goParseInt('1_000'), 1000);
  assert.equal(goParseInt('1__0'), undefined);
  assert.equal(goParseInt('09'), undefined);
  assert.equal(goParseInt('99999999999999999999'), undefined);
});

test('ParseFloat accepts decimals, exponents, Inf/NaN and hex floats, rejects overflow', () => {
  assert.equal(goParseFloat('1.5e3'), 1500);
  assert.equal(goParseFloat('.5'), 0.5);
  assert.equal(goParseFloat('+Inf'), Infinity);
  assert.equal(goParseFloat('-infinity'), -Infinity);
  assert.ok(Number.isNaN(goParseFloat('NaN')));
  assert.equal(goParseFloat('0x1p-2'), 0.25);
  assert.equal(goParseFloat('1e400'), undefined);
  assert.equal(goParseFloat('abc'), undefined);
  assert.equal(goParseFloat(''), undefined);
});

test('number literals: integers first, then floats', () => {
  assert.equal(parseNumberLiteral('09'), 9);
  assert.equal(parseNumberLiteral('12.34e6'), 12340000);
  assert.equal(parseNumberLiteral('1e'), undefined);
});

test('durations follow model.ParseDuration', () => {
  assert.equal(parseDurationMs('1h30m'), 5_400_000);
  assert.equal(parseDurationMs('10s53ms'), 10_053);
  assert.equal(parseDurationMs('1y'), 365 * 86_400_000);
  assert.equal(parseDurationMs('0'), 0);
  assert.throws(() => parseDurationMs('30m1h'), /not a valid duration/);
  assert.throws(() => parseDurationMs('5x'), /unknown unit/);
  assert.throws(() => parseDurationMs(''), /empty duration/);
});
