import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { BodySpool, BodyMissingError } from './body-spool.js';
import { PayloadTooLargeError } from '../proxy/body-errors.js';

const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));
const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

describe('BodySpool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'slimfaas-spool-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a body up to the inline limit in memory, with no file', async () => {
    const spool = new BodySpool(dir, 10);
    assert.deepEqual(await spool.receive(chunks('hello', 'world'), 100, 'fn', 'id1'), { inline: Buffer.from('helloworld') });
    assert.deepEqual(files(dir), []);
  });

  it('spills a larger body to queued/<fn>/<id> and streams it back', async () => {
    const spool = new BodySpool(dir, 10);
    const received = await spool.receive(chunks('hello', 'world', '!', 'more bytes'), 100, 'my.fn', 'id2');
    assert.deepEqual(received, { file: 'queued/my%2Efn/id2', size: 21 });
    assert.equal(readFileSync(join(dir, 'queued', 'my%2Efn', 'id2'), 'utf8'), 'helloworld!more bytes');
    assert.equal(await text(await spool.open('queued/my%2Efn/id2')), 'helloworld!more bytes');
    await spool.remove('queued/my%2Efn/id2');
    await assert.rejects(spool.open('queued/my%2Efn/id2'), BodyMissingError);
  });

  it('rejects past maxBytes and leaves no file behind', async () => {
    const spool = new BodySpool(dir, 4);
    await assert.rejects(spool.receive(chunks('12345', '67890', 'abc'), 12, 'fn', 'id3'), PayloadTooLargeError);
    assert.deepEqual(files(dir), []);
  });

  it('a body that fails midway (client abort) leaves no file behind', async () => {
    const spool = new BodySpool(dir, 4);
    const failing = new Readable({
      read() {
        this.push(Buffer.from('123456'));
        this.destroy(new Error('aborted'));
      },
    });
    await assert.rejects(spool.receive(failing, 100, 'fn', 'id4'), /aborted/);
    assert.deepEqual(files(dir), []);
  });

  it('sweeps queued bodies whose element ended, keeping live and recent ones', async () => {
    const spool = new BodySpool(dir, 1);
    for (const id of ['live', 'ended', 'young']) await spool.receive(chunks('abc'), 100, 'fn', id);
    const now = Date.now();
    const asked: string[][] = [];
    const live = async (fn: string, ids: string[]) => {
      assert.equal(fn, 'fn');
      asked.push([...ids].sort());
      return new Set(ids.filter((id) => id === 'live'));
    };
    // Everything is young at `now`: nothing is even looked up.
    assert.equal(await spool.sweep(live, now, 60_000), 0);
    assert.deepEqual(asked, []);
    assert.equal(await spool.sweep(live, now + 61_000, 60_000), 2, 'ended and young are both old by then');
    assert.deepEqual(files(dir), ['live']);
  });

  it('empties the transient directory when created (event bodies do not survive a restart)', async () => {
    mkdirSync(join(dir, 'transient'), { recursive: true });
    writeFileSync(join(dir, 'transient', 'old'), 'x');
    const spool = new BodySpool(dir, 1);
    assert.ok(!existsSync(join(dir, 'transient', 'old')));
    const received = await spool.receiveTransient(chunks('abcdef'), 100, 'e1');
    assert.deepEqual(received, { file: 'transient/e1', size: 6 });
  });
});
