/**
 * `/async-function/{name}[/{**path}]` (functions.md §7.1): captures the request (a large body is
 * spooled to disk as it arrives) and answers 202 with `SlimFaas-Element-Id` only once the body and
 * the queue element are durably stored; and
 * `/async-function-callback/{name}/{id}/{status}` (§7.6) recording 202-mode outcomes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { GatewayContext } from '../context.js';
import { callerIsInternal } from '../context.js';
import { send, sendJson, drain } from '../http-util.js';
import { effectiveVisibility } from '../../model/visibility.js';
import { JOB_IDENTITY_HEADERS, methodHasBody } from '../../proxy/upstream-client.js';
import { encodeRequest } from '../../queue/captured-request.js';
import { queueKey } from '../../queue/queue-keys.js';
import { SLIMFAAS } from '../../status/activity-event.js';
import { resultSettings, tracksStatus } from '../../async-results/async-status.js';
import { statusKey } from '../../async-results/async-results-store.js';
import { CALLBACK_HEADER, checkCallbackUrl } from '../../async-results/caller-callback.js';

export async function handleAsyncCall(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, name: string, path: string, query: string): Promise<void> {
  const entry = ctx.registry.lookup(name);
  if (!entry || (effectiveVisibility(entry.config, path) === 'Private' && !callerIsInternal(ctx, req))) {
    drain(req);
    send(res, 404);
    return;
  }
  // Beyond upstream: a caller callback URL is checked before anything is accepted (a public caller may not aim into the cluster).
  if (req.headers[CALLBACK_HEADER] !== undefined) {
    const callback = checkCallbackUrl(req.headersDistinct[CALLBACK_HEADER], callerIsInternal(ctx, req), ctx.asyncCallbackAllowedHosts ?? []);
    if (!callback.ok) {
      drain(req);
      sendJson(res, 400, { Error: callback.error });
      return;
    }
  }
  const method = req.method!;
  const id = randomUUID();
  const received = methodHasBody(method)
    ? await ctx.spool.receive(req, ctx.options.maxRequestBodySize, name, id)
    : (drain(req), { inline: Buffer.alloc(0) });
  const headers: Record<string, string[]> = {};
  for (const [header, values] of Object.entries(req.headersDistinct)) {
    if (values && !JOB_IDENTITY_HEADERS.includes(header)) headers[header] = values;
  }
  const policy = entry.config.configuration.DefaultAsync;
  const captured = 'inline' in received
    ? { method, path, query, headers, body: received.inline }
    : { method, path, query, headers, body: Buffer.alloc(0), bodyFile: { ...received, owner: ctx.options.nodeName } };
  // Beyond upstream: the call's status (Queued) is written with the element, issued first in the same
  // tick (one group commit on SQLite, in order on Redis), so it exists at the 202.
  const results = !entry.virtual && ctx.asyncResults ? resultSettings(policy) : null;
  // The registered name (a WebSocket function is found case-insensitively): its dispatcher reads that queue.
  const push = async () => ctx.store.queuePush(queueKey(entry.name), id, encodeRequest(captured), {
    httpTimeoutSeconds: policy.HttpTimeout,
    timeoutRetriesSeconds: policy.TimeoutRetries,
    httpStatusRetries: policy.HttpStatusRetries,
  });
  const [status, pushed] = await Promise.allSettled([results ? ctx.asyncResults!.queued(entry.name, id, path, policy, results) : undefined, push()]);
  if (pushed.status === 'rejected') {
    if (captured.bodyFile) await ctx.spool.remove(captured.bodyFile.file);
    if (results) await ctx.store.hashDelete(statusKey(entry.name, id)).catch(() => undefined);
  }
  // A failed status write fails the call as before; the element, queued already, keeps its body.
  if (status.status === 'rejected') throw status.reason;
  if (pushed.status === 'rejected') throw pushed.reason;
  if (ctx.network.enabled) {
    const caller = ctx.network.callerOf(req);
    ctx.network.recorder.record('enqueue', caller.name, SLIMFAAS, name, caller.pod);
  }
  send(res, 202, '', { 'SlimFaas-Element-Id': id });
}

export async function handleAsyncCallback(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, name: string, rest: string): Promise<void> {
  drain(req);
  const entry = ctx.registry.get(name);
  const parts = rest.split('/');
  // WebSocket functions answer through their socket (§7.6 step 2, §11.4).
  if (!entry || entry.virtual || parts.length !== 2 || !parts[0] || !parts[1]) {
    send(res, 404);
    return;
  }
  if (effectiveVisibility(entry.config, '') === 'Private' && !callerIsInternal(ctx, req)) {
    send(res, 404);
    return;
  }
  const [elementId, status] = parts.map(decodeURIComponent);
  const httpCode = status.toLowerCase() === 'success' ? 200 : 500;
  await ctx.store.queueCallback(queueKey(name), [{ id: elementId, httpCode }]);
  if (tracksStatus(entry.config.configuration.DefaultAsync)) {
    await ctx.asyncResults?.ended(name, elementId, httpCode).catch((err) => ctx.logger.warn(`async status of ${elementId}: ${(err as Error).message}`));
  }
  send(res, 200);
}
