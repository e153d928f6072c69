import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SSE_HEARTBEAT, SseParser, formatEvent, type SseEvent } from './sse.js';

const event = (id: string, data: string, name = 'topology'): SseEvent => ({ id, event: name, data });

test('SseParser: events cut anywhere, comments, CRLF, multi-line data', () => {
  const one = formatEvent(event('1', '{"a":1}'));
  const two = formatEvent(event('2', '{"b":2}'));
  const cases: Array<[string, string[], SseEvent[]]> = [
    ['one event in one chunk', [one], [event('1', '{"a":1}')]],
    ['two events in one chunk', [one + two], [event('1', '{"a":1}'), event('2', '{"b":2}')]],
    ['cut inside a line', [one.slice(0, 7), one.slice(7)], [event('1', '{"a":1}')]],
    ['cut byte by byte', [...one], [event('1', '{"a":1}')]],
    ['a heartbeat between events', [one, SSE_HEARTBEAT, two], [event('1', '{"a":1}'), event('2', '{"b":2}')]],
    ['CRLF line ends', ['id: 3\r\nevent: topology\r\ndata: x\r\n\r\n'], [event('3', 'x')]],
    ['multi-line data', ['data: a\ndata: b\n\n'], [event('', 'a\nb', 'message')]],
    ['an event without data is not dispatched', ['id: 9\nevent: x\n\n'], []],
    ['unknown fields ignored, id kept for later events', ['id: 4\nretry: 10\ndata: y\n\ndata: z\n\n'], [event('4', 'y', 'message'), event('4', 'z', 'message')]],
    ['no trailing blank line yet', ['data: w\n'], []],
  ];
  for (const [what, chunks, expected] of cases) {
    const parser = new SseParser();
    const events = chunks.flatMap((c) => parser.push(c));
    assert.deepEqual(events, expected, what);
  }
});

test('formatEvent keeps data on one line', () => {
  assert.equal(formatEvent(event('1', 'a\nb')), 'id: 1\nevent: topology\ndata: a b\n\n');
});
