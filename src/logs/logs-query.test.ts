// GET /logs/{function} query parsing: tail bounds, replica, RFC 3339 since.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogsQuery, parseRfc3339, type ParsedLogsQuery } from './logs-query.js';
import { toNdjson } from './logs-route.js';

const TAIL_ERROR = 'tail must be an integer from 0 to 1000.';
const SINCE_ERROR = 'since must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z.';
const FOLLOW_ERROR = 'follow must be true or false.';
const ok = (query: object, follow = false): ParsedLogsQuery => ({ ok: true, query: query as never, follow });
const bad = (error: string): ParsedLogsQuery => ({ ok: false, error });

describe('parseLogsQuery', () => {
  const cases: Array<[string, ParsedLogsQuery]> = [
    ['', ok({ tail: 100 })],
    ['?', ok({ tail: 100 })],
    ['?tail=2', ok({ tail: 2 })],
    ['tail=2', ok({ tail: 2 })],
    ['?tail=0', ok({ tail: 0 })],
    ['?tail=1000', ok({ tail: 1000 })],
    ['?tail=007', ok({ tail: 7 })],
    ['?TAIL=5&tail=9', ok({ tail: 5 })],
    ['?tail=1001', bad(TAIL_ERROR)],
    ['?tail=-1', bad(TAIL_ERROR)],
    ['?tail=1.5', bad(TAIL_ERROR)],
    ['?tail=abc', bad(TAIL_ERROR)],
    ['?tail=', bad(TAIL_ERROR)],
    ['?tail=+5', bad(TAIL_ERROR)],
    ['?tail=%205', bad(TAIL_ERROR)],
    ['?tail=99999999999999999999', bad(TAIL_ERROR)],
    ['?replica=fn-1', ok({ tail: 100, replica: 'fn-1' })],
    ['?replica=', ok({ tail: 100 })],
    ['?replica=a%2Fb', ok({ tail: 100, replica: 'a/b' })],
    ['?since=2026-01-31T12:00:00Z', ok({ tail: 100, sinceMs: Date.UTC(2026, 0, 31, 12) })],
    ['?since=2026-01-31T13:00:00+01:00', ok({ tail: 100, sinceMs: Date.UTC(2026, 0, 31, 12) })],
    ['?since=2026-01-31T13:00:00%2B01:00', ok({ tail: 100, sinceMs: Date.UTC(2026, 0, 31, 12) })],
    ['?since=nope', bad(SINCE_ERROR)],
    ['?since=', bad(SINCE_ERROR)],
    ['?follow=true', ok({ tail: 100 }, true)],
    ['?follow=TRUE&tail=0', ok({ tail: 0 }, true)],
    ['?follow=false', ok({ tail: 100 })],
    ['?Follow=true&follow=false', ok({ tail: 100 }, true)],
    ['?follow=1', bad(FOLLOW_ERROR)],
    ['?follow=', bad(FOLLOW_ERROR)],
    ['?tail=3&replica=r&since=2026-01-31T12:00:00.5Z&other=x', ok({ tail: 3, replica: 'r', sinceMs: Date.UTC(2026, 0, 31, 12, 0, 0, 500) })],
  ];
  for (const [raw, expected] of cases) {
    it(JSON.stringify(raw), () => assert.deepEqual(parseLogsQuery(raw), expected));
  }
});

describe('parseRfc3339', () => {
  const H = Date.UTC(2026, 0, 31, 12);
  const cases: Array<[string, number | null]> = [
    ['2026-01-31T12:00:00Z', H],
    ['2026-01-31t12:00:00z', H],
    ['2026-01-31T12:00:00.123Z', H + 123],
    ['2026-01-31T12:00:00.123456789Z', H + 123],
    ['2026-01-31T13:30:00+01:30', H],
    ['2026-01-31T13:30:00 01:30', H], // '+' decoded as a space in a query string
    ['2026-01-31T10:00:00-02:00', H],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2026-02-29T00:00:00Z', null],
    ['2026-02-30T00:00:00Z', null],
    ['2026-13-01T00:00:00Z', null],
    ['2026-01-31T24:00:00Z', null],
    ['2026-01-31T12:60:00Z', null],
    ['2026-01-31T12:00:60Z', null],
    ['2026-01-31T12:00:00+24:00', null],
    ['2026-01-31T12:00:00', null],
    ['2026-01-31 12:00:00Z', null],
    ['2026-01-31', null],
    ['1767182400000', null],
    ['', null],
  ];
  for (const [raw, expected] of cases) {
    it(JSON.stringify(raw), () => assert.equal(parseRfc3339(raw), expected));
  }
});

describe('toNdjson', () => {
  it('one JSON object per line, RFC 3339 time with milliseconds, nothing for no lines', () => {
    const t = Date.UTC(2026, 0, 31, 12, 0, 0, 7);
    assert.equal(
      toNdjson([
        { replica: 'fn-0', timeMs: t, stream: 'stdout', line: 'hello "you"' },
        { replica: 'fn-1', timeMs: t + 1, stream: 'stderr', line: 'line\u2028sep' },
      ]),
      '{"replica":"fn-0","time":"2026-01-31T12:00:00.007Z","stream":"stdout","line":"hello \\"you\\""}\n' +
        '{"replica":"fn-1","time":"2026-01-31T12:00:00.008Z","stream":"stderr","line":"line\u2028sep"}\n',
    );
    assert.equal(toNdjson([]), '');
  });
});
