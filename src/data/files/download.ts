/**
 * `GET` and `HEAD /data/files/{id}` (data.md §2.3): the version the shared metadata names is
 * streamed from this node's disk (or first pulled from a peer, file-peers.ts) with its content
 * type, `Content-Disposition: attachment` and its file name; beyond upstream, `ETag` (the
 * SHA-256), `Accept-Ranges: bytes` and single-range requests (206 / 416, range.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { drain, send } from '../../gateway/http-util.js';
import { INVALID_ID, isReservedFileId, isValidId } from '../ids.js';
import { fileMetaKey } from '../data-keys.js';
import { badRequest, notFound, sendProblem } from '../responses.js';
import { attachmentDisposition } from './content-disposition.js';
import { contentTypeOf, decodeMeta, type FileMeta } from './file-meta.js';
import { decideRange } from './range.js';
import type { FileDeps } from './file-deps.js';

const READ_CHUNK = 256 * 1024;

export async function downloadFile(deps: FileDeps, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  drain(req);
  if (!isValidId(id)) return badRequest(req, res, INVALID_ID);
  if (isReservedFileId(id)) return notFound(req, res);
  // A second look covers an upload that replaced the version between the two reads.
  for (let attempt = 0; attempt < 2; attempt++) {
    const raw = await deps.store.get(fileMetaKey(id));
    if (raw === null) return notFound(req, res);
    const meta = decodeMeta(raw);
    if (meta === null) return sendProblem(res, 500, 'Corrupted metadata', `The metadata of data file ${id} cannot be read.`);
    let handle = await deps.files.open(id, meta.sha256, meta.length);
    if (handle === null && attempt === 1 && (await deps.peers.pull(id, meta))) {
      handle = await deps.files.open(id, meta.sha256, meta.length);
    }
    if (handle !== null) return serve(req, res, handle, meta);
  }
  notFound(req, res);
}

async function serve(req: IncomingMessage, res: ServerResponse, handle: FileHandle, meta: FileMeta): Promise<void> {
  const etag = `"${meta.sha256}"`;
  const headers: Record<string, string> = {
    'content-type': contentTypeOf(meta),
    'content-disposition': attachmentDisposition(meta.fileName),
    'accept-ranges': 'bytes',
    etag,
  };
  const ifRange = req.headers['if-range'];
  const range = decideRange(req.headers.range, meta.length, typeof ifRange === 'string' ? ifRange : undefined, etag);
  if (range.kind === 'unsatisfiable') {
    await handle.close();
    return send(res, 416, '', { ...headers, 'content-range': `bytes */${meta.length}` });
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, meta.length - 1];
  const length = end - start + 1;
  if (range.kind === 'partial') headers['content-range'] = `bytes ${start}-${end}/${meta.length}`;
  res.writeHead(range.kind === 'partial' ? 206 : 200, { ...headers, 'content-length': String(length) });
  if (req.method === 'HEAD' || length === 0) {
    await handle.close();
    res.end();
    return;
  }
  const stream = handle.createReadStream({ start, end, highWaterMark: READ_CHUNK, autoClose: true });
  // A client that goes away mid-download only ends this stream (and closes the file).
  await pipeline(stream, res).catch(() => undefined);
}
