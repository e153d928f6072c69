/**
 * The WebSocket function wire protocol (functions.md §11.2, §11.5): the JSON text envelope and its
 * message types, and the 42-byte-header binary frames of synchronous calls. Pure; never throws on
 * bad input (a malformed message decodes to null and is ignored by the caller).
 */

export const MessageType = {
  Register: 0,
  RegisterResponse: 1,
  AsyncRequest: 2,
  AsyncCallback: 3,
  PublishEvent: 4,
  Ping: 5,
  Pong: 6,
} as const;

export const FrameType = {
  SyncRequestStart: 0x10,
  SyncRequestChunk: 0x11,
  SyncRequestEnd: 0x12,
  SyncResponseStart: 0x20,
  SyncResponseChunk: 0x21,
  SyncResponseEnd: 0x22,
  SyncCancel: 0x30,
} as const;

export const FRAME_HEADER_SIZE = 42;
export const FLAG_END_OF_STREAM = 0x01;
const CORRELATION_LENGTH = 36;

export interface Envelope {
  type: number;
  correlationId: string;
  payload: unknown;
}

/** Parses a text message; null when it is not JSON or not an envelope with an integer type. */
export function decodeEnvelope(text: string): Envelope | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if (typeof o.type !== 'number' || !Number.isInteger(o.type)) return null;
  return {
    type: o.type,
    correlationId: typeof o.correlationId === 'string' ? o.correlationId : '',
    payload: o.payload ?? null,
  };
}

export function encodeEnvelope(type: number, correlationId: string, payload: unknown): string {
  return JSON.stringify({ type, correlationId, payload: payload ?? null });
}

export interface Frame {
  type: number;
  correlationId: string;
  flags: number;
  payload: Buffer;
}

/** `[type][correlationId: 36 ASCII, space-padded][flags][length: u32 BE][payload]`. */
export function encodeFrame(type: number, correlationId: string, payload: Buffer | Uint8Array = Buffer.alloc(0), flags = 0): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_SIZE + payload.length);
  frame[0] = type;
  frame.write(correlationId.padEnd(CORRELATION_LENGTH, ' ').slice(0, CORRELATION_LENGTH), 1, CORRELATION_LENGTH, 'latin1');
  frame[37] = flags;
  frame.writeUInt32BE(payload.length, 38);
  if (payload.length > 0) frame.set(payload, FRAME_HEADER_SIZE);
  return frame;
}

/** Decodes a binary message; null when shorter than the header. The payload is a view (no copy), cut at the declared length. */
export function decodeFrame(data: Buffer): Frame | null {
  if (data.length < FRAME_HEADER_SIZE) return null;
  const declared = data.readUInt32BE(38);
  return {
    type: data[0]!,
    correlationId: data.toString('latin1', 1, 1 + CORRELATION_LENGTH).trim(),
    flags: data[37]!,
    payload: data.subarray(FRAME_HEADER_SIZE, Math.min(data.length, FRAME_HEADER_SIZE + declared)),
  };
}

/** Reads `key` of a JSON object, falling back to a case-insensitive match (PascalCase senders). */
export function field(o: Record<string, unknown>, key: string): unknown {
  if (key in o) return o[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** The `AsyncCallback` payload, or null when its element id is missing. `statusCode` defaults to 200. */
export function decodeAsyncCallback(payload: unknown): { elementId: string; statusCode: number } | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const o = payload as Record<string, unknown>;
  const elementId = field(o, 'elementId');
  const status = field(o, 'statusCode');
  if (typeof elementId !== 'string' || elementId.trim() === '') return null;
  if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status))) return null;
  return { elementId, statusCode: status ?? 200 };
}

/** The `SyncResponseStart` JSON payload: status (default 200) and headers as name → values. */
export function decodeResponseStart(payload: Buffer): { statusCode: number; headers: Record<string, string[]> } | null {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const status = field(o, 'statusCode') ?? 200;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999) return null;
  const headers: Record<string, string[]> = {};
  const raw = field(o, 'headers');
  if (typeof raw === 'object' && raw !== null) {
    for (const [name, values] of Object.entries(raw as Record<string, unknown>)) {
      const list = Array.isArray(values) ? values : [values];
      const strings = list.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
      if (strings.length > 0) headers[name] = strings;
    }
  }
  return { statusCode: status, headers };
}
