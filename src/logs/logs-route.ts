/**
 * `GET /logs/{function}?tail=&replica=&since=&follow=`: a function's recent output lines as NDJSON,
 * one `{"replica","time","stream","line"}` object per line, oldest first. Internal callers only
 * (`403`), on the public ports only; `404` for an unknown function, `400` for an invalid query, each
 * with a JSON `{"error"}`; an orchestrator without `recentLogs` answers no lines; a failing one `503`.
 * `follow=true` (with an orchestrator that has `followLogs`) keeps the answer open after the tail and
 * streams each new line until the client goes away; its headers are sent once the follow has fixed
 * its starting point, so every line written after the client has them arrives. A `write` that the
 * socket cannot take yet stops the pulling until `drain`, so a slow reader never makes the node
 * buffer more than a few lines.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraRoute } from '../gateway/http-server.js';
import { callerIsInternal, type GatewayContext } from '../gateway/context.js';
import { drain, send, sendJson } from '../gateway/http-util.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { LogLine, RecentLogsQuery } from '../orchestrator/logs.js';
import { parseLogsQuery } from './logs-query.js';

export const NDJSON = 'application/x-ndjson';

/** One NDJSON line per log line (each ending in `\n`); `time` is RFC 3339 UTC with milliseconds. */
export function toNdjson(lines: readonly LogLine[]): string {
  let out = '';
  for (const l of lines) out += `${JSON.stringify({ replica: l.replica, time: new Date(l.timeMs).toISOString(), stream: l.stream, line: l.line })}\n`;
  return out;
}

/** The function name of `rest` (one percent-encoded segment), or null. */
function functionNameOf(rest: string): string | null {
  if (rest === '' || rest.includes('/')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

/** Resolves on `drain`, or when `signal` aborts (the client went away). */
function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

type LogsOrchestrator = Pick<Orchestrator, 'recentLogs' | 'followLogs'>;

/** Follow mode: headers once the follow has started, then one write per line, paced by the socket; ends when the client closes. */
async function streamLogs(ctx: GatewayContext, follow: NonNullable<Orchestrator['followLogs']>, name: string, query: RecentLogsQuery, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  res.on('close', stop);
  try {
    // The starting point first (the files' offsets), the headers after: a line the client writes
    // once it has them is never taken for one already there.
    const lines = await follow(name, query, controller.signal);
    res.writeHead(200, { 'content-type': NDJSON, 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    for await (const line of lines) {
      if (controller.signal.aborted) break;
      if (!res.write(toNdjson([line]))) await drained(res, controller.signal);
      if (controller.signal.aborted) break;
    }
  } catch (err) {
    if (!controller.signal.aborted) ctx.logger.warn(`logs of ${name} (follow): ${(err as Error)?.message ?? err}`);
    if (!res.headersSent) sendJson(res, 503, { error: 'The logs are unavailable right now. Retry later.' });
  } finally {
    controller.abort();
    res.off('close', stop);
    if (!res.writableEnded) res.end();
  }
}

export async function handleLogs(ctx: GatewayContext, orchestrator: LogsOrchestrator, req: IncomingMessage, res: ServerResponse, rest: string, rawQuery: string): Promise<void> {
  drain(req);
  if (!callerIsInternal(ctx, req)) return sendJson(res, 403, { error: 'Logs are served to internal callers only.' });
  const name = functionNameOf(rest);
  if (name === null || !ctx.registry.get(name)) return sendJson(res, 404, { error: `Function '${name ?? rest}' was not found.` });
  const parsed = parseLogsQuery(rawQuery);
  if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
  if (parsed.follow && orchestrator.followLogs) {
    return streamLogs(ctx, (fn, query, signal) => orchestrator.followLogs!(fn, query, signal), name, parsed.query, res);
  }
  let lines: LogLine[] = [];
  if (orchestrator.recentLogs) {
    try {
      lines = await orchestrator.recentLogs(name, parsed.query);
    } catch (err) {
      ctx.logger.warn(`logs of ${name}: ${(err as Error)?.message ?? err}`);
      return sendJson(res, 503, { error: 'The logs are unavailable right now. Retry later.' });
    }
  }
  send(res, 200, toNdjson(lines), { 'content-type': NDJSON, 'cache-control': 'no-store' });
}

/** The route table entry, registered from the composition root. */
export function logsRoutes(ctx: GatewayContext, orchestrator: LogsOrchestrator): ExtraRoute[] {
  return [
    { path: '/logs', prefix: true, portFiltered: true, methods: new Set(['GET']), handle: (req, res, rest, query) => handleLogs(ctx, orchestrator, req, res, rest, query) },
  ];
}
