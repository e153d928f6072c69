/**
 * A data file's metadata: the shared record `data:file:<id>:meta` (SHA-256, length, content type,
 * file name) and the node-local sidecar next to the bytes (the same plus the id and the local
 * expiry), both JSON; decoding refuses anything that is not exactly that shape.
 */

export interface FileMeta {
  /** 64 lowercase hex characters. */
  sha256: string;
  length: number;
  contentType: string;
  fileName: string;
}

export interface LocalFileMeta extends FileMeta {
  id: string;
  /** Unix ms; null = no expiry. */
  expireAtMs: number | null;
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function encodeMeta(meta: FileMeta): string {
  const { sha256, length, contentType, fileName } = meta;
  return JSON.stringify({ sha256, length, contentType, fileName });
}

export function encodeLocalMeta(meta: LocalFileMeta): string {
  const { id, sha256, length, contentType, fileName, expireAtMs } = meta;
  return JSON.stringify({ id, sha256, length, contentType, fileName, expireAtMs });
}

function parseObject(raw: Buffer | string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw.toString());
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function asMeta(o: Record<string, unknown>): FileMeta | null {
  const { sha256, length, contentType, fileName } = o;
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) return null;
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) return null;
  if (typeof contentType !== 'string' || typeof fileName !== 'string') return null;
  return { sha256, length, contentType, fileName };
}

/** The shared record, or null when it is corrupted. */
export function decodeMeta(raw: Buffer | string): FileMeta | null {
  const o = parseObject(raw);
  return o && asMeta(o);
}

export function decodeLocalMeta(raw: Buffer | string): LocalFileMeta | null {
  const o = parseObject(raw);
  const meta = o && asMeta(o);
  if (!o || !meta || typeof o.id !== 'string') return null;
  const expireAtMs = o.expireAtMs;
  if (expireAtMs !== null && (typeof expireAtMs !== 'number' || !Number.isFinite(expireAtMs))) return null;
  return { ...meta, id: o.id, expireAtMs };
}

/** The content type to answer with: the stored one, `application/octet-stream` when blank. */
export function contentTypeOf(meta: FileMeta): string {
  return meta.contentType.trim() === '' ? DEFAULT_CONTENT_TYPE : meta.contentType;
}
