/**
 * `/publish-event/{event}[/{**path}]` (functions.md §8): fans the request out to every ready
 * replica of every allowed subscriber, each delivery retried per `DefaultPublish` within its
 * `HttpTimeout`, and answers 204 once all deliveries ended (404 when nobody may receive it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.js';
import { callerIsInternal } from '../context.js';
import { send, readBody, drain } from '../http-util.js';
import { readyPods, isEndpointReady } from '../../model/function-status.js';
import { buildTargetUrl } from '../url-template.js';
import { TimeoutError, forwardableHeaders, methodHasBody, type OutboundHeaders } from '../upstream-client.js';
import type { HttpPolicy } from '../../model/function-config.js';
import type { PodInfo } from '../../orchestrator/orchestrator.js';

const KEEP_AWAKE_MS = 1000;

export async function handlePublishEvent(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, eventName: string, path: string, query: string): Promise<void> {
  const internal = callerIsInternal(ctx, req);
  const subscribers = ctx.registry.list().filter((entry) =>
    entry.config.subscribeEvents.some((s) => s.value === eventName && (s.visibility === 'Public' || internal)),
  );
  if (subscribers.length === 0) {
    drain(req);
    send(res, 404);
    return;
  }
  const method = req.method!;
  const body = methodHasBody(method) ? await readBody(req, ctx.options.maxRequestBodySize) : (drain(req), Buffer.alloc(0));
  const headers = forwardableHeaders(req.headersDistinct, method);
  const deliveries: Promise<void>[] = [];
  const delivered: string[] = [];
  for (const entry of subscribers) {
    if (!isEndpointReady(entry.workload)) continue;
    const pods = readyPods(entry.workload);
    if (pods.length > 0) delivered.push(entry.name);
    for (const pod of pods) {
      const url = buildTargetUrl({ template: ctx.options.baseFunctionPodUrl, pod, functionName: entry.name, namespace: ctx.options.namespace, path, query });
      deliveries.push(deliver(ctx, url, method, headers, body, entry.config.configuration.DefaultPublish, pod));
    }
  }
  for (const name of delivered) ctx.activity.touch(name);
  const keepAwake = setInterval(() => delivered.forEach((name) => ctx.activity.touch(name)), KEEP_AWAKE_MS);
  const clientGone = new Promise<void>((resolve) => res.once('close', resolve));
  try {
    await Promise.race([Promise.all(deliveries), clientGone]);
  } finally {
    clearInterval(keepAwake);
  }
  send(res, 204);
}

/** One delivery with retries; `HttpTimeout` bounds the whole delivery. Failures are only logged. */
async function deliver(ctx: GatewayContext, url: string, method: string, headers: OutboundHeaders, body: Buffer, policy: HttpPolicy, pod: PodInfo): Promise<void> {
  const deadline = Date.now() + policy.HttpTimeout * 1000;
  for (let attempt = 0; attempt <= policy.TimeoutRetries.length; attempt++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    let status: number;
    try {
      status = await ctx.client.send({ url, method, headers, body, timeoutMs: left });
    } catch (err) {
      status = err instanceof TimeoutError ? 504 : 500;
    }
    if (!policy.HttpStatusRetries.includes(status) || attempt === policy.TimeoutRetries.length) {
      if (status >= 400) ctx.logger.warn(`event delivery to ${pod.name} (${url}) ended with ${status}`);
      return;
    }
    const delay = policy.TimeoutRetries[attempt] * 1000;
    if (Date.now() + delay >= deadline) break;
    await new Promise((r) => setTimeout(r, delay));
  }
  ctx.logger.warn(`event delivery to ${pod.name} (${url}) timed out`);
}
