// followLines (tail -f) and mergeAsync: appended lines, late files, truncation, long lines, pulling only on demand.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followLines } from './file-follow.js';
import { linesFromEnd } from './file-tail.js';
import { mergeAsync } from './merge-async.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-follow-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const newPath = (): string => join(dir, `f${files++}.log`);

/** Takes `count` values from `it`. */
async function take<T>(it: AsyncIterator<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < count) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('followLines', () => {
  const splits: Array<[string, number]> = [['64 KiB chunks', 64 * 1024], ['3-byte chunks', 3], ['1-byte chunks', 1]];
  for (const [label, chunkBytes] of splits) {
    it(`yields whole appended lines from the offset, partial lines once complete (${label})`, async () => {
      const path = newPath();
      writeFileSync(path, 'old 1\nold 2\n');
      const ac = new AbortController();
      const it = followLines(path, 12, ac.signal, { chunkBytes, pollMs: 20 });
      const first = it.next();
      appendFileSync(path, 'new 1\r\nnew ');
      appendFileSync(path, '2 é\n');
      assert.deepEqual((await first).value, 'new 1');
      assert.deepEqual(await take(it, 1), ['new 2 é']);
      ac.abort();
      assert.equal((await it.next()).done, true);
    });
  }

  it('waits for a file that does not exist yet and reads it from its start', async () => {
    const path = newPath();
    const ac = new AbortController();
    const it = followLines(path, null, ac.signal, { pollMs: 20 });
    const first = it.next();
    writeFileSync(path, 'a\nb\n');
    assert.equal((await first).value, 'a');
    assert.deepEqual(await take(it, 1), ['b']);
    ac.abort();
  });

  it('reads a truncated file again from its start', async () => {
    const path = newPath();
    writeFileSync(path, 'x'.repeat(100) + '\n');
    const ac = new AbortController();
    const it = followLines(path, 101, ac.signal, { pollMs: 20 });
    const next = it.next();
    truncateSync(path, 0);
    appendFileSync(path, 'after\n');
    assert.equal((await next).value, 'after');
    ac.abort();
  });

  it('cuts a line longer than maxLineBytes', async () => {
    const path = newPath();
    writeFileSync(path, '');
    const ac = new AbortController();
    const it = followLines(path, 0, ac.signal, { chunkBytes: 4, maxLineBytes: 8, pollMs: 20 });
    appendFileSync(path, 'abcdefghijkl\nz\n');
    const lines = await take(it, 2);
    assert.equal(lines[0], 'abcdefgh');
    ac.abort();
  });

  it('reads only as far as the consumer pulls: one chunk per step, never ahead', async () => {
    const path = newPath();
    writeFileSync(path, Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const ac = new AbortController();
    const it = followLines(path, 0, ac.signal, { chunkBytes: 16, pollMs: 20 });
    assert.deepEqual(await take(it, 2), ['line 0', 'line 1']);
    // The consumer stops; truncating the file now shows nothing was read ahead of it: it starts over.
    truncateSync(path, 0);
    appendFileSync(path, 'fresh\n');
    assert.deepEqual(await take(it, 1), ['fresh']);
    ac.abort();
  });

  it('an abort ends a follower waiting for growth', async () => {
    const path = newPath();
    writeFileSync(path, '');
    const ac = new AbortController();
    const it = followLines(path, 0, ac.signal, { pollMs: 60_000 });
    const next = it.next();
    ac.abort();
    assert.equal((await next).done, true);
  });

  it('linesFromEnd with endOffset reads as if the file ended there', async () => {
    const path = newPath();
    writeFileSync(path, 'a\nb\nc\n');
    const out: string[] = [];
    for await (const line of linesFromEnd(path, { endOffset: 4 })) out.push(line);
    assert.deepEqual(out, ['b', 'a']);
  });
});

describe('mergeAsync', () => {
  it('merges in arrival order and pulls each source only on demand', async () => {
    const pulls = [0, 0];
    async function* counting(id: number, values: string[]): AsyncGenerator<string> {
      for (const v of values) {
        pulls[id]!++;
        yield v;
      }
    }
    const merged = mergeAsync([counting(0, ['a1', 'a2', 'a3']), counting(1, ['b1'])]);
    const first = await take(merged, 2);
    assert.deepEqual([...first].sort(), ['a1', 'b1']);
    assert.ok(pulls[0]! <= 2, `source 0 pulled ${pulls[0]} times for 2 values`);
    const rest: string[] = [];
    for await (const v of merged) rest.push(v);
    assert.deepEqual(rest, ['a2', 'a3']);
  });

  it('a failing source fails the merge', async () => {
    async function* failing(): AsyncGenerator<string> {
      throw new Error('boom');
    }
    await assert.rejects(async () => {
      for await (const _ of mergeAsync([failing()])) void _;
    }, /boom/);
  });
});
