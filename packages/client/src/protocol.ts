/** The SlimFaas WebSocket wire format (functions.md §11.2, §11.5): message type numbers, JSON envelopes and the 42-byte binary frame header. */
import { randomUUID } from 'node:crypto';

/** Envelope `type` numbers of text messages and binary frame types. */
export const MessageType = {
  Register: 0,
  RegisterResponse: 1,
  AsyncRequest: 2,
  AsyncCallback: 3,
  PublishEvent: 4,
  Ping: 5,
  Pong: 6,
  SyncRequestStart: 0x10,
  SyncRequestChunk: 0x11,
  SyncRequestEnd: 0x12,
  SyncResponseStart: 0x20,
  SyncResponseChunk: 0x21,
  SyncResponseEnd: 0x22,
  SyncCancel: 0x30,
} as const;

/** A text message: `{"type", "correlationId", "payload"}`. */
export interface Envelope {
  type: number;
  correlationId: string;
  payload: unknown;
}

/** Size of the binary frame header: type (1) + correlation id (36) + flags (1) + length (4). */
export const FRAME_HEADER_SIZE = 42;
/** Flag of the `…End` frames. */
export const FLAG_END_OF_STREAM = 0x01;
const ID_SIZE = 36;

/** A decoded binary frame; `payload` is a view into the received buffer. */
export interface BinaryFrame {
  type: number;
  correlationId: string;
  flags: number;
  payload: Buffer;
}

/** Encodes one binary frame (the correlation id is right-padded with spaces to 36 ASCII bytes). */
export function encodeFrame(type: number, correlationId: string, payload?: Uint8Array, flags = 0): Buffer {
  const length = payload?.byteLength ?? 0;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_SIZE + length);
  frame[0] = type;
  frame.write(correlationId.padEnd(ID_SIZE, ' ').slice(0, ID_SIZE), 1, ID_SIZE, 'latin1');
  frame[37] = flags;
  frame.writeUInt32BE(length, 38);
  if (payload && length > 0) frame.set(payload, FRAME_HEADER_SIZE);
  return frame;
}

/** Decodes a binary frame, or returns null when it is shorter than the header. A length beyond the data is clipped. */
export function decodeFrame(data: Buffer): BinaryFrame | null {
  if (data.length < FRAME_HEADER_SIZE) return null;
  const length = Math.min(data.readUInt32BE(38), data.length - FRAME_HEADER_SIZE);
  return {
    type: data[0],
    correlationId: data.toString('latin1', 1, 1 + ID_SIZE).trim(),
    flags: data[37],
    payload: data.subarray(FRAME_HEADER_SIZE, FRAME_HEADER_SIZE + length),
  };
}

/** Serialises a text message. */
export function encodeEnvelope(type: number, payload: unknown, correlationId: string = randomUUID()): string {
  return JSON.stringify({ type, correlationId, payload });
}

/** Parses a text message; null for invalid JSON or a value that is not an envelope (ignored by the client). */
export function decodeEnvelope(text: string): Envelope | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.type !== 'number') return null;
  return { type: v.type, correlationId: typeof v.correlationId === 'string' ? v.correlationId : '', payload: v.payload ?? null };
}
