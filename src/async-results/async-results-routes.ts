/**
 * `GET /async-function-status/{function}/{id}` and `GET /async-function-result/{function}/{id}`
 * (beyond upstream). A record is visible only to a caller that could have made the original call:
 * the function's visibility is decided on the canonical path kept with the status; otherwise 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../gateway/context.js';
import { callerIsInternal } from '../gateway/context.js';
import { drain, send, sendJson } from '../gateway/http-util.js';
import type { ExtraRoute } from '../gateway/http-server.js';
import { effectiveVisibility } from '../model/visibility.js';
import { isFinal, publicView, type AsyncRecord } from './async-status.js';
import type { AsyncResultsStore } from './async-results-store.js';
import { queueKey } from '../queue/queue-keys.js';

const GET = new Set(['GET']);
/** Response headers not relayed from a stored result (the body is sent whole). */
const NOT_RELAYED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** The record named by `{function}/{id}`, or null (404) when unknown, expired or not visible to this caller. */
async function visibleRecord(ctx: GatewayContext, results: AsyncResultsStore, req: IncomingMessage, rest: string): Promise<AsyncRecord | null> {
  const parts = rest.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  let fn: string, id: string;
  try {
    [fn, id] = parts.map(decodeURIComponent);
  } catch {
    return null;
  }
  const entry = ctx.registry.get(fn);
  if (!entry) return null;
  const record = await results.read(entry.name, id);
  if (!record) return null;
  if (effectiveVisibility(entry.config, record.path) === 'Private' && !callerIsInternal(ctx, req)) return null;
  return record;
}

export function asyncResultsRoutes(ctx: GatewayContext, results: AsyncResultsStore): ExtraRoute[] {
  const status = async (req: IncomingMessage, res: ServerResponse, rest: string) => {
    drain(req);
    const record = await visibleRecord(ctx, results, req, rest);
    if (!record) return sendJson(res, 404, { Error: 'unknown or expired async call' });
    let view = results.current(record);
    // Another node's attempt in progress (several nodes): the queue knows it is running.
    if (!isFinal(view.Status) && view.Status !== 'Running') {
      const snapshot = await ctx.store.queueSnapshot(queueKey(record.Function));
      if (snapshot.runningReservations.some((r) => r.id === record.Id)) view = { ...view, Status: 'Running' };
    }
    sendJson(res, 200, publicView(view));
  };
  const result = async (req: IncomingMessage, res: ServerResponse, rest: string) => {
    drain(req);
    const record = await visibleRecord(ctx, results, req, rest);
    if (!record) return sendJson(res, 404, { Error: 'unknown or expired async call' });
    if (!isFinal(record.Status)) return send(res, 202, '', { 'Retry-After': '1', 'SlimFaas-Async-Status': record.Status });
    const stored = await results.readResult(record.Function, record.Id);
    if (!stored) return sendJson(res, 404, { Error: 'unknown or expired async call' });
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(stored.headers)) {
      if (!NOT_RELAYED.has(name.toLowerCase())) headers[name] = value;
    }
    headers['SlimFaas-Async-Status'] = record.Status;
    if (stored.tooLarge) headers['SlimFaas-Result-Body'] = 'too-large';
    res.writeHead(stored.status, { ...headers, 'content-length': String(stored.body.length) });
    res.end(stored.body);
  };
  return [
    { path: '/async-function-status', prefix: true, portFiltered: true, methods: GET, handle: status },
    { path: '/async-function-result', prefix: true, portFiltered: true, methods: GET, handle: result },
  ];
}
