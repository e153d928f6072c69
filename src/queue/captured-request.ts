/**
 * The serialized form of an async request stored as a queue element value:
 * 4-byte big-endian header length, JSON header (method, path, query, headers), raw body bytes.
 */
import type { HeaderList } from '../gateway/upstream-client.js';

export interface CapturedRequest {
  method: string;
  /** The `{**path}` part, without its leading `/`. */
  path: string;
  /** With its leading `?`, or ''. */
  query: string;
  headers: HeaderList;
  body: Buffer;
}

export function encodeRequest(request: CapturedRequest): Buffer {
  const header = Buffer.from(JSON.stringify({ m: request.method, p: request.path, q: request.query, h: request.headers }));
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(header.length, 0);
  return Buffer.concat([prefix, header, request.body]);
}

/** Throws on a value that is not a captured request. */
export function decodeRequest(value: Buffer): CapturedRequest {
  const length = value.readUInt32BE(0);
  const header = JSON.parse(value.subarray(4, 4 + length).toString('utf8')) as { m: string; p: string; q: string; h: HeaderList };
  if (typeof header.m !== 'string' || typeof header.p !== 'string') throw new Error('invalid captured request');
  return { method: header.m, path: header.p, query: header.q ?? '', headers: header.h ?? {}, body: value.subarray(4 + length) };
}
