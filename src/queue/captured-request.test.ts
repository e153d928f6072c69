import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRequest, decodeRequest } from './captured-request.js';

describe('captured request codec', () => {
  it('round-trips method, path, query, multi-valued headers and binary body', () => {
    const request = { method: 'POST', path: 'a/b', query: '?x=1', headers: { 'x-a': ['1', '2'] }, body: Buffer.from([0, 1, 2, 255]) };
    assert.deepEqual(decodeRequest(encodeRequest(request)), request);
  });
  it('rejects garbage', () => {
    assert.throws(() => decodeRequest(Buffer.from('nope')));
  });
});
