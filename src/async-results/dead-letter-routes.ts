/**
 * `/async-dead-letters/{function}[/{id}[/replay]]` (beyond upstream), internal callers only (403
 * JSON otherwise): GET list, GET one (the captured request without its body, plus its size),
 * POST replay (same id, fresh tries), DELETE one or all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../gateway/context.js';
import { callerIsInternal } from '../gateway/context.js';
import { drain, send, sendJson } from '../gateway/http-util.js';
import type { ExtraRoute } from '../gateway/http-server.js';
import { decodeRequest } from '../queue/captured-request.js';
import { queueKey } from '../queue/queue-keys.js';
import { DEFAULT_RESULT_MAX_BYTES, DEFAULT_RESULT_TTL_SECONDS, resultSettings } from './async-status.js';
import type { DeadLetter, DeadLetters } from './dead-letters.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function summary(fn: string, item: DeadLetter) {
  return { Id: item.id, Function: fn, LastStatus: item.lastStatus, TryCount: item.tries, CreatedAt: iso(item.createdAtMs), DeadLetteredAt: iso(item.deadAtMs), ExpiresAt: iso(item.expiresAtMs) };
}

function detail(fn: string, item: DeadLetter) {
  let request;
  try {
    const r = decodeRequest(item.value);
    request = { Request: { Method: r.method, Path: r.path, Query: r.query, Headers: r.headers }, BodySize: r.bodyFile?.size ?? r.body.length };
  } catch {
    request = { Request: null, BodySize: 0 };
  }
  return { ...summary(fn, item), ...request };
}

export function deadLetterRoutes(ctx: GatewayContext, deadLetters: DeadLetters): ExtraRoute[] {
  const handle = async (req: IncomingMessage, res: ServerResponse, rest: string) => {
    drain(req);
    if (!callerIsInternal(ctx, req)) return sendJson(res, 403, { Error: 'dead letters are for internal callers only' });
    let parts: string[];
    try {
      parts = rest.split('/').map(decodeURIComponent);
    } catch {
      return sendJson(res, 404, { Error: 'not found' });
    }
    const [fn, id, action] = parts;
    const method = req.method;
    if (!fn || parts.length > 3 || (parts.length === 3 && (action !== 'replay' || method !== 'POST')) || (parts.length === 2 && !id)) {
      return sendJson(res, 404, { Error: 'not found' });
    }
    if (parts.length === 1) {
      if (method === 'GET') return sendJson(res, 200, { Function: fn, Items: (await deadLetters.list(fn)).map((i) => summary(fn, i)) });
      if (method === 'DELETE') return sendJson(res, 200, { Function: fn, Deleted: await deadLetters.removeAll(fn) });
      return send(res, 405);
    }
    if (method === 'DELETE') return (await deadLetters.remove(fn, id)) ? send(res, 204) : sendJson(res, 404, { Error: 'unknown dead letter' });
    const item = await deadLetters.get(fn, id);
    if (!item) return sendJson(res, 404, { Error: 'unknown dead letter' });
    if (method === 'GET' && parts.length === 2) return sendJson(res, 200, detail(fn, item));
    if (parts.length !== 3) return send(res, 405);
    // Replay: the status starts again (Queued, no attempt) before the element is queued, unless that
    // id is queued already (409 below): the status of the element in the queue stays its own.
    const conflict = () => sendJson(res, 409, { Error: 'this id is queued already' });
    const entry = ctx.registry.get(fn);
    const policy = { HttpTimeout: item.policy.httpTimeoutSeconds, TimeoutRetries: item.policy.timeoutRetriesSeconds, HttpStatusRetries: item.policy.httpStatusRetries };
    const settings = entry ? resultSettings(entry.config.configuration.DefaultAsync) : { ttlMs: DEFAULT_RESULT_TTL_SECONDS * 1000, maxBytes: DEFAULT_RESULT_MAX_BYTES };
    let path = '';
    try {
      path = decodeRequest(item.value).path;
    } catch {
      // not a captured request: replayed as it is
    }
    if (settings && ctx.asyncResults) {
      if ((await ctx.store.queueContains(queueKey(fn), [id])).has(id)) return conflict();
      await ctx.asyncResults.queued(fn, id, path, policy, settings);
    }
    if (!(await deadLetters.replay(fn, item))) return conflict();
    send(res, 202, '', { 'SlimFaas-Element-Id': id });
  };
  return [{ path: '/async-dead-letters', prefix: true, portFiltered: true, methods: new Set(['GET', 'POST', 'DELETE']), handle }];
}
