// recentLogs and followLogs of the process orchestrator from its log files: tail, since, replica, merge by time; a follow's starting point.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newestLines, type LogLine } from '../logs.js';
import { formatLogLine } from './log-format.js';
import { followReplicaLogs, readLogTail, readReplicaLogs, replicaLogPath, replicaPodName } from './replica-logs.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'replica-logs-'));
  // Replica 0 logs at even seconds, replica 1 at odd seconds; replica 2 never ran (no file).
  const lines0 = [0, 2, 4, 6].map((s) => formatLogLine(T0 + s * 1000, s === 4 ? 'stderr' : 'stdout', `zero ${s}`));
  writeFileSync(replicaLogPath(dir, 'fn', 0), ['garbage without a timestamp\n', ...lines0].join(''));
  writeFileSync(replicaLogPath(dir, 'fn', 1), [1, 3, 5].map((s) => formatLogLine(T0 + s * 1000, 'stdout', `one ${s}`)).join(''));
  // Another function whose name extends this one's: never mixed in.
  writeFileSync(replicaLogPath(dir, 'fn-1', 0), formatLogLine(T0, 'stdout', 'other function'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const texts = (lines: LogLine[]) => lines.map((l) => l.line);

describe('replica log files', () => {
  it('names pods and files as the topology and the replica runner do', () => {
    assert.equal(replicaPodName('fn', 3), 'fn-3');
    assert.equal(replicaLogPath('/state/logs', 'fn', 3), join('/state/logs', 'fn-3.log'));
  });

  it('readLogTail: the last lines, oldest first, with replica, time and stream; unparseable lines skipped', async () => {
    const lines = await readLogTail(replicaLogPath(dir, 'fn', 0), 'fn-0', { tail: 3 });
    assert.deepEqual(lines, [
      { replica: 'fn-0', timeMs: T0 + 2000, stream: 'stdout', line: 'zero 2' },
      { replica: 'fn-0', timeMs: T0 + 4000, stream: 'stderr', line: 'zero 4' },
      { replica: 'fn-0', timeMs: T0 + 6000, stream: 'stdout', line: 'zero 6' },
    ]);
    assert.deepEqual(texts(await readLogTail(replicaLogPath(dir, 'fn', 0), 'fn-0', { tail: 100 })), ['zero 0', 'zero 2', 'zero 4', 'zero 6']);
    assert.deepEqual(await readLogTail(replicaLogPath(dir, 'fn', 0), 'fn-0', { tail: 0 }), []);
    assert.deepEqual(await readLogTail(replicaLogPath(dir, 'fn', 9), 'fn-9', { tail: 10 }), []);
  });

  it('readLogTail: since is inclusive', async () => {
    assert.deepEqual(texts(await readLogTail(replicaLogPath(dir, 'fn', 0), 'fn-0', { tail: 10, sinceMs: T0 + 4000 })), ['zero 4', 'zero 6']);
    assert.deepEqual(await readLogTail(replicaLogPath(dir, 'fn', 0), 'fn-0', { tail: 10, sinceMs: T0 + 7000 }), []);
  });

  const cases: Array<[string, Parameters<typeof readReplicaLogs>[3], string[]]> = [
    ['all replicas merged by time', { tail: 100 }, ['zero 0', 'one 1', 'zero 2', 'one 3', 'zero 4', 'one 5', 'zero 6']],
    ['the last 3 of all', { tail: 3 }, ['zero 4', 'one 5', 'zero 6']],
    ['one replica', { tail: 100, replica: 'fn-1' }, ['one 1', 'one 3', 'one 5']],
    ['one replica, tail 1', { tail: 1, replica: 'fn-0' }, ['zero 6']],
    ['since', { tail: 100, sinceMs: T0 + 3000 }, ['one 3', 'zero 4', 'one 5', 'zero 6']],
    ['an unknown replica', { tail: 100, replica: 'fn-7' }, []],
    ['a replica of another function', { tail: 100, replica: 'fn-1-0' }, []],
  ];
  for (const [what, query, expected] of cases) {
    it(`readReplicaLogs: ${what}`, async () => {
      assert.deepEqual(texts(await readReplicaLogs(dir, 'fn', 3, query)), expected);
    });
  }
});

describe('followReplicaLogs', () => {
  // Appended between the start and the first pull (a route that has sent its headers lets the
  // client write at once): it must not be taken for a line already there.
  it('once it resolves, a line appended before the first pull is delivered (tail=0)', { timeout: 10_000 }, async () => {
    const path = replicaLogPath(dir, 'late', 0);
    writeFileSync(path, formatLogLine(T0, 'stdout', 'old'));
    const ac = new AbortController();
    const lines = (await followReplicaLogs(dir, 'late', 1, { tail: 0 }, ac.signal, { pollMs: 20 }))[Symbol.asyncIterator]();
    appendFileSync(path, formatLogLine(T0 + 1000, 'stdout', 'new'));
    assert.equal((await lines.next()).value?.line, 'new');
    ac.abort();
  });

  it('the tail as of the start, then each new line once, a replica file created later from its start', { timeout: 10_000 }, async () => {
    const path = replicaLogPath(dir, 'follow', 0);
    writeFileSync(path, formatLogLine(T0, 'stdout', 'old'));
    const ac = new AbortController();
    const lines = (await followReplicaLogs(dir, 'follow', 2, { tail: 5 }, ac.signal, { pollMs: 20 }))[Symbol.asyncIterator]();
    appendFileSync(path, formatLogLine(T0 + 1000, 'stdout', 'new 1'));
    const got: string[] = [];
    for (let r = await lines.next(); !r.done; r = await lines.next()) {
      got.push(r.value.line);
      if (got.length === 2) appendFileSync(replicaLogPath(dir, 'follow', 1), formatLogLine(T0 + 2000, 'stdout', 'new 2'));
      if (got.length === 3) break;
    }
    assert.deepEqual(got, ['old', 'new 1', 'new 2']);
    ac.abort();
  });
});

describe('newestLines', () => {
  const at = (replica: string, timeMs: number, line: string): LogLine => ({ replica, timeMs, stream: 'stdout', line });
  it('keeps the last lines by time, list order breaking ties, file order within a list', () => {
    const a = [at('a', 1, 'a1'), at('a', 3, 'a3'), at('a', 3, 'a3bis')];
    const b = [at('b', 2, 'b2'), at('b', 3, 'b3')];
    assert.deepEqual(texts(newestLines([a, b], 10)), ['a1', 'b2', 'a3', 'a3bis', 'b3']);
    assert.deepEqual(texts(newestLines([a, b], 2)), ['a3bis', 'b3']);
    assert.deepEqual(newestLines([a, b], 0), []);
    assert.deepEqual(newestLines([], 5), []);
  });
});
