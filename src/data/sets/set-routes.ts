/**
 * `/data/sets` (data.md §3): write (`POST /data/sets/{id}`, or `POST /data/sets?id=`), read,
 * list, delete, and the atomic counters `POST /data/sets/{id}/{incr|incrby|incrbyfloat|decr|decrby}`.
 * Plain writes clear a previous TTL when `ttl` is omitted; counters keep it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../../store/store.js';
import { drain, send } from '../../gateway/http-util.js';
import { INVALID_ID, idOrGenerated, isValidId } from '../ids.js';
import { parseTtl, type DataQuery } from '../query.js';
import { setKey, SET_PREFIX } from '../data-keys.js';
import { expiryTicks, listingJson, ordinal } from '../ticks.js';
import { readValue } from '../read-value.js';
import { badRequest, methodNotAllowed, notFound, sendJsonString, sendListing, sendProblem, sendText, TOO_LARGE_DETAIL } from '../responses.js';
import type { DataHandler } from '../data-route.js';
import { counterArgs, isCounterOp, type CounterOp } from './counter-args.js';
import { answerStoreProblem } from './store-problems.js';

export function setsHandler(store: Store): DataHandler {
  return async (req, res, target, query) => {
    const method = req.method;
    if (target.kind === 'collection') {
      if (method === 'POST') return writeSet(store, req, res, idOrGenerated(query.get('id')), query);
      if (method === 'GET') return listSets(store, req, res);
      return methodNotAllowed(req, res);
    }
    const { id, operation } = target;
    if (operation !== null) {
      if (!isCounterOp(operation)) return notFound(req, res);
      if (method !== 'POST') return methodNotAllowed(req, res);
      return count(store, req, res, id, operation, query);
    }
    if (method === 'POST') return writeSet(store, req, res, id, query);
    if (method === 'GET') return readSet(store, req, res, id);
    if (method === 'DELETE') return deleteSet(store, req, res, id);
    return methodNotAllowed(req, res);
  };
}

async function writeSet(store: Store, req: IncomingMessage, res: ServerResponse, id: string, query: DataQuery): Promise<void> {
  if (!isValidId(id)) return badRequest(req, res, INVALID_ID);
  const ttl = parseTtl(query.get('ttl'), await store.now());
  if (!ttl.ok) return badRequest(req, res, 'Invalid ttl.');
  const value = await readValue(req);
  if (value === null) return sendProblem(res, 413, 'Payload too large', TOO_LARGE_DETAIL, { connection: 'close' });
  try {
    // ttl ≤ 0: already expired (upstream answers 200 and the value is never readable).
    await store.set(setKey(id), value, ttl.ttlMs === undefined ? undefined : Math.max(0, ttl.ttlMs));
  } catch (error) {
    return answerStoreProblem(res, error);
  }
  sendJsonString(res, 200, id);
}

async function readSet(store: Store, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  drain(req);
  if (!isValidId(id)) return badRequest(req, res, INVALID_ID);
  const value = await store.get(setKey(id));
  if (value === null) return notFound(req, res);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(value.length) });
  res.end(value);
}

async function deleteSet(store: Store, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  drain(req);
  if (!isValidId(id)) return badRequest(req, res, INVALID_ID);
  await store.delete(setKey(id));
  send(res, 204);
}

/** Sorted by expiry ascending (no expiry, -1, first), then by id. */
async function listSets(store: Store, req: IncomingMessage, res: ServerResponse): Promise<void> {
  drain(req);
  const entries = (await store.scanKeys(SET_PREFIX))
    .map((e) => ({ id: e.key.slice(SET_PREFIX.length), expireAtUtcTicks: expiryTicks(e.expiresAtMs) }))
    .filter((e) => isValidId(e.id))
    .sort((a, b) => (a.expireAtUtcTicks < b.expireAtUtcTicks ? -1 : a.expireAtUtcTicks > b.expireAtUtcTicks ? 1 : ordinal(a.id, b.id)));
  sendListing(res, listingJson(entries));
}

async function count(store: Store, req: IncomingMessage, res: ServerResponse, id: string, op: CounterOp, query: DataQuery): Promise<void> {
  drain(req);
  const args = counterArgs(op, id, query, await store.now());
  if (!args.ok) {
    if (args.status === 409) return sendProblem(res, 409, 'Key/value command failed', args.message);
    return sendJsonString(res, 400, args.message);
  }
  const { plan } = args;
  let value: string;
  try {
    value = plan.kind === 'integer'
      ? (await store.incrementInteger(setKey(id), plan.delta, plan.ttlMs)).toString()
      : await store.incrementFloat(setKey(id), plan.delta, plan.ttlMs);
  } catch (error) {
    return answerStoreProblem(res, error);
  }
  sendText(res, 200, value);
}
