/**
 * `/function/{name}[/{**path}]` (functions.md §6): visibility, activity, wait for a ready replica
 * (woken by topology changes; at most `DefaultSync.MaxPendingWhileWaking` waiting calls per node, else
 * 429), least-busy target, streamed relay. Never retried; failures are 503.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import type { GatewayContext } from '../context.js';
import { callerIsInternal } from '../context.js';
import { send, drain, PayloadTooLargeError } from '../http-util.js';
import { COLD_START_HEADER, COLD_START_RETRY_AFTER_SECONDS, rejectionBody } from '../cold-start-admission.js';
import { maxPendingWhileWaking } from '../../model/parse-annotations.js';
import { effectiveVisibility } from '../../model/visibility.js';
import { readyPods, isFunctionReady } from '../../model/function-status.js';
import { buildTargetUrl, isPodTemplate } from '../../proxy/url-template.js';
import { ClientClosedError, forwardableRawHeaders, methodHasBody } from '../../proxy/upstream-client.js';
import type { PodInfo } from '../../orchestrator/orchestrator.js';
import { SLIMFAAS } from '../../status/activity-event.js';

const SELECTION_TRIES = 10;
const SELECTION_DELAY_MS = 100;

export async function handleSyncCall(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, name: string, path: string, query: string): Promise<void> {
  const entry = ctx.registry.lookup(name);
  if (!entry || (effectiveVisibility(entry.config, path) === 'Private' && !callerIsInternal(ctx, req))) {
    send(res, 404);
    return;
  }
  if (entry.virtual) return entry.virtual.sync(req, res, path, query); // §11.5: no readiness wait
  // The waits before the call end when the client goes; the call itself is aborted by the relay.
  const clientGone = () => res.destroyed && !res.writableFinished;
  const endActivity = ctx.activity.begin(name);
  // Dashboard activity, all paired by the request_in's id (nothing at all when the front is disabled).
  const rec = ctx.network.recorder;
  const caller = ctx.network.enabled ? ctx.network.callerOf(req) : null;
  const corr = caller ? rec.record('request_in', caller.name, SLIMFAAS, null, caller.pod) : 0;
  try {
    const timeoutMs = entry.config.configuration.DefaultSync.HttpTimeout * 1000;
    // Hot path: a single readiness check. Only a call that finds no ready replica is admitted (or refused) and waits.
    if (!isFunctionReady(entry.workload)) {
      const cap = maxPendingWhileWaking(entry.config.configuration);
      if (!ctx.coldStarts.tryEnter(name, cap)) return refuseColdStart(req, res, name, cap);
      if (corr !== 0) rec.record('request_waiting', SLIMFAAS, name, null, null, null, corr);
      const waitStarted = performance.now();
      try {
        await waitUntilReady(ctx, name, timeoutMs, clientGone);
      } finally {
        ctx.coldStarts.leave(name);
      }
      if (clientGone()) return;
      res.setHeader(COLD_START_HEADER, String(Math.round(performance.now() - waitStarted)));
      if (corr !== 0) rec.record('request_started', SLIMFAAS, name, null, null, null, corr);
    }
    const usePods = isPodTemplate(ctx.options.baseFunctionUrl);
    const target = usePods ? await selectTarget(ctx, name, clientGone) : null;
    if (clientGone()) {
      target?.release();
      return;
    }
    if (usePods && !target) {
      send(res, 503);
      return;
    }
    try {
      const url = buildTargetUrl({
        template: ctx.options.baseFunctionUrl,
        pod: target?.pod,
        functionName: name,
        namespace: ctx.options.namespace,
        path,
        query,
      });
      if (corr !== 0) rec.record('request_out', SLIMFAAS, name, null, null, target?.pod.name ?? null, corr);
      await ctx.client.relay(
        {
          url,
          method: req.method!,
          headers: forwardableRawHeaders(req.rawHeaders, req.method!),
          body: methodHasBody(req.method!) ? limitBody(req, ctx.options.maxRequestBodySize) : null,
          timeoutMs,
        },
        res,
      );
      if (corr !== 0) rec.record('response', name, SLIMFAAS, null, target?.pod.name ?? null, null, corr);
    } finally {
      target?.release();
    }
  } catch (err) {
    if (err instanceof ClientClosedError || clientGone()) return;
    if (err instanceof PayloadTooLargeError || (err as { cause?: unknown }).cause instanceof PayloadTooLargeError) {
      if (!res.headersSent) send(res, 413);
      else res.destroy();
      return;
    }
    ctx.logger.debug(`sync call to ${name} failed: ${(err as Error).message}`);
    if (res.headersSent) res.destroy();
    else send(res, 503);
  } finally {
    endActivity();
    if (caller) rec.record('request_end', SLIMFAAS, caller.name, null, null, caller.pod, corr);
  }
}

/** Cold-start protection: past `DefaultSync.MaxPendingWhileWaking` waiting calls, 429 at once (nothing forwarded). */
function refuseColdStart(req: IncomingMessage, res: ServerResponse, name: string, cap: number): void {
  drain(req);
  send(res, 429, JSON.stringify(rejectionBody(name, cap)), {
    'content-type': 'application/json; charset=utf-8',
    'retry-after': String(COLD_START_RETRY_AFTER_SECONDS),
  });
}

/** Waits for a ready replica; ends on timeout, client abort or the function disappearing. */
async function waitUntilReady(ctx: GatewayContext, name: string, timeoutMs: number, gone: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!gone()) {
    const entry = ctx.registry.get(name);
    if (!entry || isFunctionReady(entry.workload)) return;
    const left = deadline - Date.now();
    if (left <= 0) return;
    await ctx.registry.nextChange(Math.min(100, left));
  }
}

async function selectTarget(ctx: GatewayContext, name: string, gone: () => boolean): Promise<{ pod: PodInfo; release: () => void } | null> {
  for (let attempt = 0; attempt < SELECTION_TRIES && !gone(); attempt++) {
    const entry = ctx.registry.get(name);
    if (!entry) return null;
    const chosen = ctx.selector.acquire(name, readyPods(entry.workload));
    if (chosen) return chosen;
    await new Promise((r) => setTimeout(r, SELECTION_DELAY_MS));
  }
  return null;
}

/** Streams the request body, failing with PayloadTooLargeError past `limit` (chunked bodies). */
function limitBody(req: IncomingMessage, limit: number): IncomingMessage | Transform {
  if (req.headers['content-length'] !== undefined) return req;
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) done(new PayloadTooLargeError());
      else done(null, chunk);
    },
  });
  return req.pipe(counter);
}
