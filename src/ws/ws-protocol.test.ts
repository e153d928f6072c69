import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAsyncCallback, decodeEnvelope, decodeFrame, decodeResponseStart, encodeEnvelope, encodeFrame, FLAG_END_OF_STREAM, FRAME_HEADER_SIZE, FrameType } from './ws-protocol.js';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('binary frames (functions.md §11.5)', () => {
  it('encodes the 42-byte header: type, padded id, flags, big-endian length', () => {
    const frame = encodeFrame(FrameType.SyncRequestChunk, ID, Buffer.from('hello'));
    assert.equal(frame.length, FRAME_HEADER_SIZE + 5);
    assert.equal(frame[0], 0x11);
    assert.equal(frame.toString('latin1', 1, 37), ID);
    assert.equal(frame[37], 0);
    assert.deepEqual([...frame.subarray(38, 42)], [0, 0, 0, 5]);
    assert.equal(frame.toString('utf8', 42), 'hello');
  });

  const cases: Array<[string, number, string, Buffer, number]> = [
    ['request end with end-of-stream flag', FrameType.SyncRequestEnd, ID, Buffer.alloc(0), FLAG_END_OF_STREAM],
    ['short id padded with spaces and trimmed back', FrameType.SyncCancel, 'c1', Buffer.alloc(0), 0],
    ['large payload length', FrameType.SyncResponseChunk, ID, Buffer.alloc(70_000, 7), 0],
  ];
  for (const [name, type, id, payload, flags] of cases) {
    it(`round trip: ${name}`, () => {
      const decoded = decodeFrame(encodeFrame(type, id, payload, flags));
      assert.ok(decoded);
      assert.equal(decoded.type, type);
      assert.equal(decoded.correlationId, id);
      assert.equal(decoded.flags, flags);
      assert.ok(decoded.payload.equals(payload));
    });
  }

  it('pads the id field with spaces', () => {
    assert.equal(encodeFrame(FrameType.SyncCancel, 'c1').toString('latin1', 1, 37), 'c1'.padEnd(36, ' '));
  });

  it('refuses frames shorter than the header; cuts the payload at the declared length', () => {
    assert.equal(decodeFrame(Buffer.alloc(41)), null);
    const frame = Buffer.concat([encodeFrame(FrameType.SyncResponseChunk, ID, Buffer.from('abc')), Buffer.from('extra')]);
    assert.equal(decodeFrame(frame)?.payload.toString(), 'abc');
  });
});

describe('text envelope (functions.md §11.2)', () => {
  const cases: Array<[string, string, ReturnType<typeof decodeEnvelope>]> = [
    ['register', '{"type":0,"correlationId":"c1","payload":{"functionName":"f"}}', { type: 0, correlationId: 'c1', payload: { functionName: 'f' } }],
    ['ping without payload', '{"type":5,"correlationId":"p"}', { type: 5, correlationId: 'p', payload: null }],
    ['invalid JSON', '{"type":', null],
    ['not an object', '[1,2]', null],
    ['type not an integer', '{"type":"0"}', null],
    ['missing correlation id', '{"type":3,"payload":null}', { type: 3, correlationId: '', payload: null }],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(decodeEnvelope(text), expected));
  }

  it('encodes with a null payload', () => {
    assert.equal(encodeEnvelope(6, 'p1', undefined), '{"type":6,"correlationId":"p1","payload":null}');
  });

  const callbacks: Array<[unknown, ReturnType<typeof decodeAsyncCallback>]> = [
    [{ elementId: 'e', statusCode: 500 }, { elementId: 'e', statusCode: 500 }],
    [{ elementId: 'e' }, { elementId: 'e', statusCode: 200 }],
    [{ ElementId: 'e', StatusCode: 202 }, { elementId: 'e', statusCode: 202 }],
    [{ elementId: ' ' }, null],
    [{ statusCode: 200 }, null],
    [{ elementId: 'e', statusCode: '200' }, null],
    [null, null],
  ];
  for (const [payload, expected] of callbacks) {
    it(`async callback ${JSON.stringify(payload)}`, () => assert.deepEqual(decodeAsyncCallback(payload), expected));
  }

  const starts: Array<[string, ReturnType<typeof decodeResponseStart>]> = [
    ['{"statusCode":201,"headers":{"x-a":["1","2"]}}', { statusCode: 201, headers: { 'x-a': ['1', '2'] } }],
    ['{"headers":{"content-type":"text/plain"}}', { statusCode: 200, headers: { 'content-type': ['text/plain'] } }],
    ['{"statusCode":42}', null],
    ['nope', null],
  ];
  for (const [json, expected] of starts) {
    it(`response start ${json}`, () => assert.deepEqual(decodeResponseStart(Buffer.from(json)), expected));
  }
});
