// File metadata: the shared record and the local sidecar round-trip; anything else is refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentTypeOf, decodeLocalMeta, decodeMeta, encodeLocalMeta, encodeMeta, type FileMeta } from './file-meta.js';

const SHA = 'a'.repeat(64);
const META: FileMeta = { sha256: SHA, length: 10, contentType: 'application/pdf; charset=x', fileName: 'report.pdf' };

describe('file metadata', () => {
  it('round-trips', () => {
    assert.deepEqual(decodeMeta(encodeMeta(META)), META);
    const local = { ...META, id: 'report-1', expireAtMs: 1_700_000_000_000 };
    assert.deepEqual(decodeLocalMeta(encodeLocalMeta(local)), local);
    assert.deepEqual(decodeLocalMeta(encodeLocalMeta({ ...local, expireAtMs: null })), { ...local, expireAtMs: null });
    assert.equal(encodeMeta({ ...META, id: 'x' } as FileMeta), encodeMeta(META), 'the shared record holds only its four fields');
  });
  const corrupted: Array<[string, string]> = [
    ['not JSON', '{'],
    ['an array', '[]'],
    ['null', 'null'],
    ['bad sha', JSON.stringify({ ...META, sha256: 'xyz' })],
    ['uppercase sha', JSON.stringify({ ...META, sha256: 'A'.repeat(64) })],
    ['negative length', JSON.stringify({ ...META, length: -1 })],
    ['fractional length', JSON.stringify({ ...META, length: 1.5 })],
    ['missing file name', JSON.stringify({ ...META, fileName: undefined })],
    ['numeric content type', JSON.stringify({ ...META, contentType: 5 })],
  ];
  for (const [name, raw] of corrupted) it(`refuses ${name}`, () => assert.equal(decodeMeta(raw), null));
  it('refuses a sidecar without an id or with a bad expiry', () => {
    assert.equal(decodeLocalMeta(encodeMeta(META)), null);
    assert.equal(decodeLocalMeta(JSON.stringify({ ...META, id: 'x', expireAtMs: 'soon' })), null);
  });
  it('a blank content type is answered as application/octet-stream', () => {
    assert.equal(contentTypeOf({ ...META, contentType: ' ' }), 'application/octet-stream');
    assert.equal(contentTypeOf(META), 'application/pdf; charset=x');
  });
});
