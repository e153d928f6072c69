/**
 * `/data/files` (data.md §2): upload (`POST /data/files`), list (`GET`), download (`GET`/`HEAD
 * /data/files/{id}`), delete (`DELETE /data/files/{id}`). The list is built from the shared
 * metadata (the cluster view), sorted by id; reserved internal ids never appear and answer 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { drain, send } from '../../gateway/http-util.js';
import { INVALID_ID, isReservedFileId, isValidId } from '../ids.js';
import { FILE_PREFIX, fileMetaKey, idOfFileMetaKey } from '../data-keys.js';
import { expiryTicks, listingJson, ordinal } from '../ticks.js';
import { badRequest, methodNotAllowed, notFound, sendListing } from '../responses.js';
import type { DataHandler } from '../data-route.js';
import { TransferBusyError } from './transfer-limiter.js';
import { uploadFile } from './upload.js';
import { downloadFile } from './download.js';
import type { FileDeps } from './file-deps.js';

export function filesHandler(deps: FileDeps): DataHandler {
  return async (req, res, target, query) => {
    const method = req.method;
    if (target.kind === 'collection') {
      if (method === 'POST') return uploadFile(deps, req, res, query);
      if (method === 'GET' || method === 'HEAD') return listFiles(deps, req, res);
      return methodNotAllowed(req, res);
    }
    if (target.operation !== null) return notFound(req, res);
    if (method === 'GET' || method === 'HEAD') return downloadFile(deps, req, res, target.id);
    if (method === 'DELETE') return deleteFile(deps, req, res, target.id);
    return methodNotAllowed(req, res);
  };
}

async function listFiles(deps: FileDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  drain(req);
  const entries = [];
  for (const { key, expiresAtMs } of await deps.store.scanKeys(FILE_PREFIX)) {
    const id = idOfFileMetaKey(key);
    if (id !== null && isValidId(id) && !isReservedFileId(id)) entries.push({ id, expireAtUtcTicks: expiryTicks(expiresAtMs) });
  }
  entries.sort((a, b) => ordinal(a.id, b.id));
  sendListing(res, listingJson(entries));
}

/** Metadata first, then this node's bytes (a failure there is logged: the sweeper retries). */
async function deleteFile(deps: FileDeps, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  drain(req);
  if (!isValidId(id)) return badRequest(req, res, INVALID_ID);
  if (isReservedFileId(id)) return notFound(req, res);
  try {
    await deps.limiter.withLock(id, async () => {
      await deps.store.delete(fileMetaKey(id));
      await deps.files.removeVersions(id, null).catch((error: Error) => deps.logger.warn(`data file ${id}: removing its bytes failed: ${error.message}`));
    });
  } catch (error) {
    if (!(error instanceof TransferBusyError)) throw error;
    return send(res, 429, '', { 'retry-after': '1' });
  }
  send(res, 204);
}
