/**
 * `/publish-event/{event}[/{**path}]` (functions.md §8): fans the request out to every ready
 * replica of every allowed subscriber, each delivery retried per `DefaultPublish` within its
 * `HttpTimeout`, and answers 204 once all deliveries ended (404 when nobody may receive it).
 * A large body is spooled to a transient file, never held whole in memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.js';
import { callerIsInternal } from '../context.js';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { send, drain } from '../http-util.js';
import type { BodySpool } from '../../queue/body-spool.js';
import { readyPods, isEndpointReady } from '../../model/function-status.js';
import { subscriptionAllows } from '../../model/visibility.js';
import { buildTargetUrl } from '../../proxy/url-template.js';
import { TimeoutError, forwardableRawHeaders, methodHasBody, type HeaderList, type OutboundHeaders } from '../../proxy/upstream-client.js';
import type { FunctionEntry } from '../../functions/function-registry.js';
import type { VirtualEvent } from '../../functions/virtual-function.js';
import type { HttpPolicy } from '../../model/function-config.js';
import type { PodInfo } from '../../orchestrator/orchestrator.js';
import { SLIMFAAS } from '../../status/activity-event.js';

const KEEP_AWAKE_MS = 1000;

export async function handlePublishEvent(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, eventName: string, path: string, query: string): Promise<void> {
  const internal = callerIsInternal(ctx, req);
  const subscribers = ctx.registry.list().filter((entry) => subscriptionAllows(entry.config, eventName, internal, path));
  if (subscribers.length === 0) {
    drain(req);
    send(res, 404);
    return;
  }
  const method = req.method!;
  const received = methodHasBody(method)
    ? await ctx.spool.receiveTransient(req, ctx.options.maxRequestBodySize, randomUUID())
    : (drain(req), { inline: Buffer.alloc(0) });
  const body: EventBody = 'inline' in received ? received.inline : { spool: ctx.spool, ...received };
  const headers = forwardableRawHeaders(req.rawHeaders, method);
  const deliveries: Promise<void>[] = [];
  const delivered: string[] = [];
  const virtual: FunctionEntry[] = [];
  for (const entry of subscribers) {
    if (entry.virtual) {
      virtual.push(entry);
      continue;
    }
    if (!isEndpointReady(entry.workload)) continue;
    const pods = readyPods(entry.workload);
    if (pods.length > 0) delivered.push(entry.name);
    for (const pod of pods) {
      const url = buildTargetUrl({ template: ctx.options.baseFunctionPodUrl, pod, functionName: entry.name, namespace: ctx.options.namespace, path, query });
      if (ctx.network.enabled) ctx.network.recorder.record('event_publish', SLIMFAAS, entry.name, null, null, pod.name);
      deliveries.push(deliver(ctx, url, method, headers, body, entry.config.configuration.DefaultPublish, pod));
    }
  }
  if (virtual.length > 0) deliveries.push(publishToVirtual(ctx, virtual, { eventName, method, path, query, headers }, body));
  for (const name of delivered) ctx.activity.touch(name);
  const keepAwake = setInterval(() => delivered.forEach((name) => ctx.activity.touch(name)), KEEP_AWAKE_MS);
  const clientGone = new Promise<void>((resolve) => res.once('close', resolve));
  const allDone = Promise.all(deliveries);
  if (!Buffer.isBuffer(body)) void allDone.finally(() => body.spool.remove(body.file));
  try {
    await Promise.race([allDone, clientGone]);
  } finally {
    clearInterval(keepAwake);
  }
  send(res, 204);
}

/** WebSocket subscribers (§11.6): one PublishEvent per live connection, the body read whole (it travels as base64). */
async function publishToVirtual(ctx: GatewayContext, entries: FunctionEntry[], event: Omit<VirtualEvent, 'headers' | 'body'> & { headers: OutboundHeaders }, body: EventBody): Promise<void> {
  try {
    let bytes: Buffer = Buffer.alloc(0);
    if (methodHasBody(event.method)) {
      const opened = await openBody(body, {});
      if (Buffer.isBuffer(opened.body)) bytes = opened.body;
      else {
        const chunks: Buffer[] = [];
        for await (const chunk of opened.body as AsyncIterable<Buffer>) chunks.push(chunk);
        bytes = Buffer.concat(chunks);
      }
    }
    const headers: HeaderList = {};
    for (const [name, value] of Object.entries(event.headers)) headers[name] = Array.isArray(value) ? value : [value];
    for (const entry of entries) {
      if (ctx.network.enabled) ctx.network.recorder.record('event_publish', SLIMFAAS, entry.name, null, null, null);
      entry.virtual?.publish({ ...event, headers, body: bytes });
    }
  } catch (err) {
    ctx.logger.warn(`event delivery to WebSocket functions failed: ${(err as Error).message}`);
  }
}

/** An event body: inline, or spooled to a transient file read once per delivery attempt. */
type EventBody = Buffer | { spool: BodySpool; file: string; size: number };

async function openBody(body: EventBody, headers: OutboundHeaders): Promise<{ body: Buffer | Readable; headers: OutboundHeaders }> {
  if (Buffer.isBuffer(body)) return { body, headers };
  return { body: await body.spool.open(body.file), headers: { ...headers, 'content-length': String(body.size) } };
}

/** One delivery with retries; `HttpTimeout` bounds the whole delivery. Failures are only logged. */
async function deliver(ctx: GatewayContext, url: string, method: string, headers: OutboundHeaders, body: EventBody, policy: HttpPolicy, pod: PodInfo): Promise<void> {
  const deadline = Date.now() + policy.HttpTimeout * 1000;
  for (let attempt = 0; attempt <= policy.TimeoutRetries.length; attempt++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    let status: number;
    try {
      const outbound = methodHasBody(method) ? await openBody(body, headers) : { body: null, headers };
      status = await ctx.client.send({ url, method, headers: outbound.headers, body: outbound.body, timeoutMs: left });
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
