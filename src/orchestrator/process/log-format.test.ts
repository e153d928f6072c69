// The native local log line format: what LogSink writes is what recentLogs reads back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatLogLine, parseLogLine, type ParsedLogLine } from './log-format.js';

const T = Date.parse('2026-12-02T06:20:58.123Z');

describe('parseLogLine', () => {
  const cases: Array<[string, ParsedLogLine | null]> = [
    ['2026-12-02T06:20:58.123Z listening on 5000', { timeMs: T, stream: 'stdout', line: 'listening on 5000' }],
    ['2026-12-02T06:20:58.123Z [stderr] boom', { timeMs: T, stream: 'stderr', line: 'boom' }],
    ['2026-12-02T06:20:58.123Z [stderr] ', { timeMs: T, stream: 'stderr', line: '' }],
    ['2026-12-02T06:20:58.123Z ', { timeMs: T, stream: 'stdout', line: '' }],
    ['2026-12-02T06:20:58.123Z', { timeMs: T, stream: 'stdout', line: '' }],
    ['2026-12-02T06:20:58.123Z  two spaces', { timeMs: T, stream: 'stdout', line: ' two spaces' }],
    ['2026-12-02T06:20:58.123Z x [stderr] y', { timeMs: T, stream: 'stdout', line: 'x [stderr] y' }],
    ['2026-12-02T06:20:58Z no millis', { timeMs: T - 123, stream: 'stdout', line: 'no millis' }],
    ['2026-12-02T06:20:58.123456Z micros', { timeMs: T, stream: 'stdout', line: 'micros' }],
    ['2026-12-02T06:20:58.123Z {"json":true}\ttab', { timeMs: T, stream: 'stdout', line: '{"json":true}\ttab' }],
    ['no timestamp', null],
    ['', null],
    ['2026-12-02 06:20:58.123Z space instead of T', null],
    ['2026-12-02T06:20:58.123+01:00 offset', null],
    ['2026-13-02T06:20:58.123Z bad month', null],
    ['2026-12-02T06:20:58.123Zglued', null],
  ];
  for (const [raw, expected] of cases) {
    it(JSON.stringify(raw), () => assert.deepEqual(parseLogLine(raw), expected));
  }
});

describe('formatLogLine', () => {
  it('writes one timestamped line, stderr marked, that parses back', () => {
    assert.equal(formatLogLine(T, 'stdout', 'hello'), '2026-12-02T06:20:58.123Z hello\n');
    assert.equal(formatLogLine(T, 'stderr', 'oops'), '2026-12-02T06:20:58.123Z [stderr] oops\n');
    for (const stream of ['stdout', 'stderr'] as const) {
      for (const line of ['', 'a b', '[stderr] looks marked', 'ünï ✓']) {
        const parsed = parseLogLine(formatLogLine(T, stream, line).slice(0, -1));
        if (stream === 'stdout' && line.startsWith('[stderr] ')) continue; // the one ambiguous case, documented
        assert.deepEqual(parsed, { timeMs: T, stream, line });
      }
    }
  });
});
