// Docker follow mode: the incremental frame/line splitter at every cut, and followContainer's pacing, skipping and abort.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Docker } from './engine.js';
import type { LogLine } from '../logs.js';
import { EngineLineSplitter, followContainer } from './container-follow.js';

const T = Date.UTC(2026, 0, 31, 12);
const iso = (ms: number): string => new Date(ms).toISOString();

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('EngineLineSplitter', () => {
  const multiplexed = Buffer.concat([
    frame(1, `${iso(T)} out é 1\n${iso(T + 1)} out `),
    frame(2, `${iso(T + 2)} err 1\r\n`),
    frame(1, `2\n`),
    frame(3, 'ignored stdin-type frame\n'),
    frame(1, 'no timestamp\n'),
  ]);
  const expected: LogLine[] = [
    { replica: 'r', timeMs: T, stream: 'stdout', line: 'out é 1' },
    { replica: 'r', timeMs: T + 2, stream: 'stderr', line: 'err 1' },
    { replica: 'r', timeMs: T + 1, stream: 'stdout', line: 'out 2' },
  ];
  it('gives the same lines however the multiplexed answer is cut in two', () => {
    for (let cut = 0; cut <= multiplexed.length; cut++) {
      const splitter = new EngineLineSplitter(false, 'r');
      const lines = [...splitter.push(multiplexed.subarray(0, cut)), ...splitter.push(multiplexed.subarray(cut))];
      assert.deepEqual(lines, expected, `cut at ${cut}`);
    }
  });

  it('a TTY answer is raw stdout, one byte at a time too', () => {
    const raw = Buffer.from(`${iso(T)} a\n${iso(T + 5)} b\n`);
    const splitter = new EngineLineSplitter(true, 'r');
    const lines: LogLine[] = [];
    for (let i = 0; i < raw.length; i++) lines.push(...splitter.push(raw.subarray(i, i + 1)));
    assert.deepEqual(lines.map((l) => [l.stream, l.timeMs, l.line]), [['stdout', T, 'a'], ['stdout', T + 5, 'b']]);
  });
});

describe('followContainer', () => {
  function fakeDocker(stream: PassThrough, seen: unknown[]): Docker {
    return { getContainer: () => ({ logs: async (options: unknown) => (seen.push(options), stream) }) } as unknown as Docker;
  }

  it('asks follow from the last tail line, skips lines at or before it, is paced by its caller, ends on abort', async () => {
    const stream = new PassThrough({ highWaterMark: 1024 });
    const seen: unknown[] = [];
    const ac = new AbortController();
    const it = followContainer(fakeDocker(stream, seen), 'id', true, 'r', { tail: 5, sinceMs: T - 10_000 }, T + 1500, ac.signal);
    const first = it.next();
    stream.write(`${iso(T + 1500)} already given\n${iso(T + 1501)} new\n`);
    assert.deepEqual((await first).value, { replica: 'r', timeMs: T + 1501, stream: 'stdout', line: 'new' });
    assert.deepEqual(seen, [{ stdout: true, stderr: true, follow: true, timestamps: true, since: Math.floor((T + 1500) / 1000) }]);
    // Nobody pulls: the stream fills up and says so (write false), nothing is read on.
    const line = `${iso(T + 2000)} ${'x'.repeat(200)}\n`;
    let writes = 0;
    while (stream.write(line)) writes++;
    assert.ok(writes < 100, `the stream took ${writes} lines without a reader`);
    ac.abort();
    const rest: unknown[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    assert.ok(rest.length <= 1, 'at most the line being handed over after the abort');
    assert.equal(stream.destroyed, true);
  });

  it('a container already gone (404) has no lines', async () => {
    const docker = { getContainer: () => ({ logs: async () => Promise.reject(Object.assign(new Error('gone'), { statusCode: 404 })) }) } as unknown as Docker;
    const it = followContainer(docker, 'id', false, 'r', { tail: 1 }, 0, new AbortController().signal);
    assert.equal((await it.next()).done, true);
  });
});
