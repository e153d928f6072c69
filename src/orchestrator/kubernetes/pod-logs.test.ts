// Kubernetes pod logs: timestamped lines parsed, since applied exactly, sinceSeconds rounded up, pods merged by time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLine, RecentLogsQuery } from '../logs.js';
import { parseTimestampedLog, readPodLogs, sinceSecondsOf, type ReadPodLog } from './pod-logs.js';

const T = Date.UTC(2026, 0, 31, 12);
const line = (replica: string, timeMs: number, text: string): LogLine => ({ replica, timeMs, stream: 'stdout', line: text });

describe('parseTimestampedLog', () => {
  const cases: Array<[string, string, RecentLogsQuery, LogLine[]]> = [
    ['nothing', '', { tail: 10 }, []],
    ['nano precision, trailing newline', '2026-01-31T12:00:00.123456789Z hello\n', { tail: 10 }, [line('p', T + 123, 'hello')]],
    ['an empty line keeps its time', '2026-01-31T12:00:00Z \n', { tail: 10 }, [line('p', T, '')]],
    ['CR dropped, spaces kept', '2026-01-31T12:00:00Z  a b\r\n', { tail: 10 }, [line('p', T, ' a b')]],
    ['a line without time is skipped', 'no time\n2026-01-31T12:00:01Z x\n', { tail: 10 }, [line('p', T + 1000, 'x')]],
    ['an offset time', '2026-01-31T13:00:00+01:00 x', { tail: 10 }, [line('p', T, 'x')]],
    ['tail keeps the last', '2026-01-31T12:00:00Z a\n2026-01-31T12:00:01Z b\n2026-01-31T12:00:02Z c\n', { tail: 2 }, [line('p', T + 1000, 'b'), line('p', T + 2000, 'c')]],
    ['since is exact (ms)', '2026-01-31T12:00:00.100Z a\n2026-01-31T12:00:00.200Z b\n', { tail: 10, sinceMs: T + 150 }, [line('p', T + 200, 'b')]],
  ];
  for (const [label, text, query, expected] of cases) {
    it(label, () => assert.deepEqual(parseTimestampedLog(text, 'p', query), expected));
  }
});

describe('sinceSecondsOf', () => {
  const cases: Array<[string, RecentLogsQuery, number, number | undefined | null]> = [
    ['no since', { tail: 1 }, T, undefined],
    ['1.5 s ago → 2', { tail: 1, sinceMs: T - 1500 }, T, 2],
    ['exactly now → 1', { tail: 1, sinceMs: T }, T, 1],
    ['in the future → null', { tail: 1, sinceMs: T + 1 }, T, null],
  ];
  for (const [label, query, now, expected] of cases) {
    it(label, () => assert.equal(sinceSecondsOf(query, now), expected));
  }
});

describe('readPodLogs', () => {
  const texts: Record<string, string> = {
    'fn-a': '2026-01-31T12:00:00Z a1\n2026-01-31T12:00:02Z a2\n',
    'fn-b': '2026-01-31T12:00:01Z b1\n',
  };
  const calls: Array<[string, number, number | undefined]> = [];
  const read: ReadPodLog = async (pod, tailLines, sinceSeconds) => {
    calls.push([pod, tailLines, sinceSeconds]);
    if (pod === 'fn-gone') throw Object.assign(new Error('not found'), { code: 404 });
    if (pod === 'fn-down') throw Object.assign(new Error('boom'), { code: 500 });
    return texts[pod] ?? '';
  };

  it('merges the pods by time and passes tailLines and sinceSeconds', async () => {
    calls.length = 0;
    const lines = await readPodLogs(['fn-a', 'fn-b', 'fn-gone'], { tail: 2, sinceMs: T - 10_000 }, read, T);
    assert.deepEqual(lines, [line('fn-b', T + 1000, 'b1'), line('fn-a', T + 2000, 'a2')]);
    assert.deepEqual(calls, [['fn-a', 2, 10], ['fn-b', 2, 10], ['fn-gone', 2, 10]]);
  });

  it('replica= reads one pod; tail=0 or a future since reads none; other errors fail', async () => {
    calls.length = 0;
    assert.deepEqual(await readPodLogs(['fn-a', 'fn-b'], { tail: 5, replica: 'fn-b' }, read, T), [line('fn-b', T + 1000, 'b1')]);
    assert.deepEqual(calls, [['fn-b', 5, undefined]]);
    assert.deepEqual(await readPodLogs(['fn-a'], { tail: 0 }, read, T), []);
    assert.deepEqual(await readPodLogs(['fn-a'], { tail: 5, sinceMs: T + 1 }, read, T), []);
    await assert.rejects(readPodLogs(['fn-down'], { tail: 5 }, read, T), /boom/);
  });
});
