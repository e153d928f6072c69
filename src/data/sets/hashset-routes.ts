/**
 * `/data/hashsets` (data.md §4): `POST /data/hashsets?id=&ttl=` sets the single field `value`
 * (up to 1 MiB) and resets the expiry per its own `ttl`; read, list (by id, `expireAtUtcTicks`
 * always null as upstream writes it, expired sets omitted), delete. There is no
 * `POST /data/hashsets/{id}`. Store failures are bare 413 / 429 / 503 (answered by the server).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../../store/store.js';
import { drain, send } from '../../gateway/http-util.js';
import { INVALID_ID, idOrGenerated, isValidId } from '../ids.js';
import { parseTtl, type DataQuery } from '../query.js';
import { HASHSET_FIELD, HASHSET_PREFIX, hashsetKey } from '../data-keys.js';
import { listingJson, ordinal } from '../ticks.js';
import { readValue } from '../read-value.js';
import { badRequest, methodNotAllowed, notFound, sendJsonString, sendListing, sendProblem, TOO_LARGE_DETAIL } from '../responses.js';
import type { DataHandler } from '../data-route.js';

export function hashsetsHandler(store: Store): DataHandler {
  return async (req, res, target, query) => {
    const method = req.method;
    if (target.kind === 'collection') {
      if (method === 'POST') return writeHashset(store, req, res, idOrGenerated(query.get('id')), query);
      if (method === 'GET') return listHashsets(store, req, res);
      return methodNotAllowed(req, res);
    }
    if (target.operation !== null) return notFound(req, res);
    if (method === 'GET') return readHashset(store, req, res, target.id);
    if (method === 'DELETE') return deleteHashset(store, req, res, target.id);
    return methodNotAllowed(req, res);
  };
}

async function writeHashset(store: Store, req: IncomingMessage, res: ServerResponse, id: string, query: DataQuery): Promise<void> {
  if (!isValidId(id)) return badRequest(req, res, INVALID_ID);
  const ttl = parseTtl(query.get('ttl'), await store.now());
  if (!ttl.ok) return badRequest(req, res, 'Invalid ttl.');
  const value = await readValue(req);
  if (value === null) return sendProblem(res, 413, 'Payload too large', TOO_LARGE_DETAIL, { connection: 'close' });
  await store.hashSet(hashsetKey(id), { [HASHSET_FIELD]: value }, ttl.ttlMs === undefined ? undefined : Math.max(0, ttl.ttlMs));
  sendJsonString(res, 200, id);
}

/** An expired hash set reads as absent and is deleted by the read (the store does both). */
async function readHashset(store: Store, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  drain(req);
  if (!isValidId(id)) return badRequest(req, res, INVALID_ID);
  const value = (await store.hashGetAll(hashsetKey(id)))[HASHSET_FIELD];
  if (value === undefined) return notFound(req, res);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(value.length) });
  res.end(value);
}

async function deleteHashset(store: Store, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  drain(req);
  if (!isValidId(id)) return badRequest(req, res, INVALID_ID);
  await store.hashDelete(hashsetKey(id));
  send(res, 204);
}

async function listHashsets(store: Store, req: IncomingMessage, res: ServerResponse): Promise<void> {
  drain(req);
  const entries = (await store.scanHashKeys(HASHSET_PREFIX))
    .map((e) => ({ id: e.key.slice(HASHSET_PREFIX.length), expireAtUtcTicks: null }))
    .filter((e) => isValidId(e.id))
    .sort((a, b) => ordinal(a.id, b.id));
  sendListing(res, listingJson(entries));
}
