// linesFromEnd: every split of the same content into chunks gives the same lines, last first.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linesFromEnd, type TailOptions } from './file-tail.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-tail-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function fileWith(content: string | Buffer): string {
  const path = join(dir, `f${files++}.log`);
  writeFileSync(path, content);
  return path;
}

async function collect(path: string, options?: TailOptions, limit = Infinity): Promise<string[]> {
  const out: string[] = [];
  for await (const line of linesFromEnd(path, options)) {
    out.push(line);
    if (out.length >= limit) break;
  }
  return out;
}

describe('linesFromEnd', () => {
  const cases: Array<[string, string, string[]]> = [
    ['empty file', '', []],
    ['one newline is one empty line', '\n', ['']],
    ['a last line without newline', 'a\nb', ['b', 'a']],
    ['a final newline ends the last line', 'a\nb\n', ['b', 'a']],
    ['empty lines in between', 'a\n\n\nb\n', ['b', '', '', 'a']],
    ['CRLF', 'one\r\ntwo\r\n', ['two', 'one']],
    ['a lone CR inside a line stays', 'a\rb\n', ['a\rb']],
    ['only the trailing newline is dropped', 'x\n\n', ['', 'x']],
    ['multibyte UTF-8', 'héllo 🌍\nça va\n', ['ça va', 'héllo 🌍']],
  ];
  for (const chunkBytes of [1, 2, 3, 5, 64 * 1024]) {
    it(`reads the same lines with ${chunkBytes}-byte chunks`, async () => {
      for (const [what, content, expected] of cases) {
        assert.deepEqual(await collect(fileWith(content), { chunkBytes }), expected, what);
      }
    });
  }

  it('a missing file has no lines', async () => {
    assert.deepEqual(await collect(join(dir, 'missing.log')), []);
  });

  it('a file larger than one chunk, lines split across chunk boundaries', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(i % 97)}`);
    const path = fileWith(lines.join('\n') + '\n');
    const reversed = [...lines].reverse();
    for (const chunkBytes of [4096, 1000, 64 * 1024]) {
      assert.deepEqual(await collect(path, { chunkBytes }), reversed, `chunk ${chunkBytes}`);
    }
    assert.deepEqual(await collect(path, { chunkBytes: 1000 }, 3), reversed.slice(0, 3), 'stops early');
  });

  it('a line longer than several chunks is one line', async () => {
    const long = 'é'.repeat(10_000);
    assert.deepEqual(await collect(fileWith(`a\n${long}\nb\n`), { chunkBytes: 333 }), ['b', long, 'a']);
  });

  it('never reads more than maxBytes from the end; the line cut by that bound is left out', async () => {
    const path = fileWith('first line\nsecond\nthird\n');
    assert.deepEqual(await collect(path, { maxBytes: 13, chunkBytes: 4 }), ['third', 'second']);
    assert.deepEqual(await collect(path, { maxBytes: 12, chunkBytes: 4 }), ['third'], '"second\\n" is cut');
    assert.deepEqual(await collect(path, { maxBytes: 0 }), []);
  });
});
