// The engine's log answers: multiplexed frames (stdout/stderr), TTY raw output, timestamps, truncation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demuxEngineLogs, parseEngineLogs } from './container-logs.js';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

const T = '2026-12-02T06:20:58.123456789Z';
const MS = Date.parse('2026-12-02T06:20:58.123Z');

describe('demuxEngineLogs', () => {
  it('splits frames by stream, skips stdin frames, drops a truncated last frame', () => {
    const raw = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(0, 'stdin?\n'), frame(1, 'cut off\n').subarray(0, 10)]);
    assert.deepEqual(
      demuxEngineLogs(raw, false).map((f) => [f.stream, f.payload.toString()]),
      [['stdout', 'out\n'], ['stderr', 'err\n']],
    );
    assert.deepEqual(demuxEngineLogs(Buffer.alloc(0), false), []);
    assert.deepEqual(demuxEngineLogs(Buffer.alloc(5), false), [], 'a header cut short');
  });

  it('a TTY answer is one stdout payload', () => {
    assert.deepEqual(demuxEngineLogs(Buffer.from('raw\r\n'), true).map((f) => [f.stream, f.payload.toString()]), [['stdout', 'raw\r\n']]);
    assert.deepEqual(demuxEngineLogs(Buffer.alloc(0), true), []);
  });
});

describe('parseEngineLogs', () => {
  it('timestamped lines, in order, with their stream and replica', () => {
    const raw = Buffer.concat([frame(1, `${T} listening on 8080\n`), frame(2, `${T} boom\n`), frame(1, `${T} \n`), frame(1, `${T} two\n${T} lines\n`)]);
    assert.deepEqual(parseEngineLogs(raw, false, 'app-1'), [
      { replica: 'app-1', timeMs: MS, stream: 'stdout', line: 'listening on 8080' },
      { replica: 'app-1', timeMs: MS, stream: 'stderr', line: 'boom' },
      { replica: 'app-1', timeMs: MS, stream: 'stdout', line: '' },
      { replica: 'app-1', timeMs: MS, stream: 'stdout', line: 'two' },
      { replica: 'app-1', timeMs: MS, stream: 'stdout', line: 'lines' },
    ]);
  });

  it('TTY output: CRLF lines, all stdout; lines without a timestamp are dropped', () => {
    const raw = Buffer.from(`${T} a\r\nno timestamp\r\n2026-12-02T07:20:58.5+01:00 b\r\n`);
    assert.deepEqual(parseEngineLogs(raw, true, 'r').map((l) => [l.stream, l.line, l.timeMs]), [
      ['stdout', 'a', MS],
      ['stdout', 'b', Date.parse('2026-12-02T06:20:58.500Z')],
    ]);
  });
});
