/**
 * `POST /data/files?id=&ttl=` (data.md §2.2): the raw body is streamed to disk under the id's
 * lock and byte budget, then its metadata (SHA-256, length, content type, file name) is written
 * to the store with the same TTL; only then is the file visible. Answers the id as plain text.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { drain, send } from '../../gateway/http-util.js';
import { INVALID_ID, idOrGenerated, isReservedFileId, isValidId } from '../ids.js';
import { parseTtl, type DataQuery } from '../query.js';
import { fileMetaKey } from '../data-keys.js';
import { badRequest, sendText } from '../responses.js';
import { fileNameFromDisposition } from './content-disposition.js';
import { DEFAULT_CONTENT_TYPE, encodeMeta } from './file-meta.js';
import { TransferBusyError, type Release } from './transfer-limiter.js';
import type { FileDeps } from './file-deps.js';

export async function uploadFile(deps: FileDeps, req: IncomingMessage, res: ServerResponse, query: DataQuery): Promise<void> {
  const id = idOrGenerated(query.get('id'));
  if (!isValidId(id) || isReservedFileId(id)) return badRequest(req, res, INVALID_ID);
  const ttl = parseTtl(query.get('ttl'), await deps.store.now());
  if (!ttl.ok) return badRequest(req, res, 'Invalid ttl.');
  // ttl ≤ 0: the metadata expires at once (never downloadable; the bytes go as expired).
  const ttlMs = ttl.ttlMs === undefined ? undefined : Math.max(0, ttl.ttlMs);

  const declared = declaredLength(req);
  if (declared === null) {
    deps.logger.warn(`data file ${id}: upload without Content-Length, reserving ${deps.unknownLengthReservationBytes} bytes of transfer budget`);
  }
  let release: Release;
  try {
    release = await deps.limiter.acquire(id, declared ?? deps.unknownLengthReservationBytes);
  } catch (error) {
    if (!(error instanceof TransferBusyError)) throw error;
    drain(req);
    return send(res, 429, '', { 'retry-after': '1', connection: 'close' });
  }
  try {
    const contentType = req.headers['content-type'] ?? DEFAULT_CONTENT_TYPE;
    const fileName = fileNameFromDisposition(req.headers['content-disposition']) ?? id;
    const stored = await deps.files.receive(id, req, deps.maxRequestBodySize, (sha256, length) => ({
      id, sha256, length, contentType, fileName,
      expireAtMs: ttlMs === undefined ? null : Date.now() + ttlMs,
    }));
    await deps.store.set(fileMetaKey(id), encodeMeta(stored), ttlMs);
    await deps.files.removeVersions(id, stored.sha256);
    deps.peers.announce(id, stored).catch((error: Error) => deps.logger.warn(`data file ${id}: announce failed: ${error.message}`));
  } finally {
    release();
  }
  sendText(res, 200, id);
}

/** The declared body length, or null when unknown (chunked). */
function declaredLength(req: IncomingMessage): number | null {
  const raw = req.headers['content-length'];
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}
