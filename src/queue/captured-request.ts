/**
 * The serialized form of an async request stored as a queue element value:
 * 4-byte big-endian header length, JSON header (method, path, query, headers, and the spooled
 * body file when the body is out of line), then the raw inline body bytes.
 */
import type { HeaderList } from '../proxy/upstream-client.js';
import type { BodySpool } from './body-spool.js';
import { telemetry } from '../telemetry/hooks.js';

export interface CapturedRequest {
  method: string;
  /** The canonical `{**path}` part, without its leading `/`. */
  path: string;
  /** With its leading `?`, or ''. */
  query: string;
  headers: HeaderList;
  /** Inline body (empty when the body is spooled to `bodyFile`). */
  body: Buffer;
  /** Out-of-line body (src/queue/body-spool.ts): file name, size in bytes, and the node holding it. */
  bodyFile?: { file: string; size: number; owner?: string };
}

interface Header {
  m: string;
  p: string;
  q: string;
  h: HeaderList;
  f?: string;
  s?: number;
  o?: string;
}

export function encodeRequest(request: CapturedRequest): Buffer {
  // With OpenTelemetry on, the trace context of the enqueueing request travels with it (traceparent).
  const fields: Header = { m: request.method, p: request.path, q: request.query, h: telemetry ? telemetry.captureContext(request.headers) : request.headers };
  if (request.bodyFile) {
    fields.f = request.bodyFile.file;
    fields.s = request.bodyFile.size;
    if (request.bodyFile.owner) fields.o = request.bodyFile.owner;
  }
  const header = Buffer.from(JSON.stringify(fields));
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(header.length, 0);
  return Buffer.concat([prefix, header, request.body]);
}

/** Throws on a value that is not a captured request. */
export function decodeRequest(value: Buffer): CapturedRequest {
  const length = value.readUInt32BE(0);
  const header = JSON.parse(value.subarray(4, 4 + length).toString('utf8')) as Header;
  if (typeof header.m !== 'string' || typeof header.p !== 'string') throw new Error('invalid captured request');
  const request: CapturedRequest = { method: header.m, path: header.p, query: header.q ?? '', headers: header.h ?? {}, body: value.subarray(4 + length) };
  if (typeof header.f === 'string' && typeof header.s === 'number') {
    request.bodyFile = { file: header.f, size: header.s, ...(typeof header.o === 'string' ? { owner: header.o } : {}) };
  }
  return request;
}

/** The decoded request, or null when `value` is not a captured request. */
export function decodeRequestOrNull(value: Buffer): CapturedRequest | null {
  try {
    return decodeRequest(value);
  } catch {
    return null;
  }
}

/**
 * Removes the spooled body of a captured request (encoded or already decoded), if it has one;
 * never throws. With `owner`, only a body spooled by that node or by no named node.
 */
export async function removeSpooledBody(spool: Pick<BodySpool, 'remove'>, request: Buffer | CapturedRequest, owner?: string): Promise<void> {
  try {
    const { bodyFile } = Buffer.isBuffer(request) ? decodeRequest(request) : request;
    if (bodyFile && (owner === undefined || bodyFile.owner === undefined || bodyFile.owner === owner)) await spool.remove(bodyFile.file);
  } catch {
    // Not a captured request: nothing spooled.
  }
}
