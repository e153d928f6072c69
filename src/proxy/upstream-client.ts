/**
 * Outbound HTTP to function replicas over one keep-alive undici Agent built at start-up.
 * Bodies are streamed both ways; timeouts are exactly the caller's (no hidden undici cap).
 * With OpenTelemetry on, each call is a client span whose traceparent the function receives.
 */
import { Agent } from '../util/http-client.js';
import type { Dispatcher } from 'undici';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { telemetry } from '../telemetry/hooks.js';
import { captureResponse, relayInto, type CapturedResponse } from './dispatch-calls.js';

export { ClientClosedError, TimeoutError, type CapturedResponse } from './dispatch-calls.js';

/** Job-identity headers (native local job attribution), stripped from every call (functions.md §6.1). */
export const JOB_IDENTITY_HEADERS = ['x-slimfaas-job', 'x-slimfaas-job-signature'];
/** Headers never forwarded: hop-by-hop ones, `host` (set from the target) and job identity. */
const DROPPED_REQUEST_HEADERS = new Set([
  'host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect',
  ...JOB_IDENTITY_HEADERS,
]);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location', 'content-md5', 'content-range']);
const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD', 'DELETE', 'TRACE']);

export type HeaderList = Record<string, string[]>;
/** Outbound headers: one string per single-valued header (undici validates e.g. content-length). */
export type OutboundHeaders = Record<string, string | string[]>;

export function methodHasBody(method: string): boolean {
  return !METHODS_WITHOUT_BODY.has(method.toUpperCase());
}

/** The forwarding rule of functions.md §6.3 for one lower-cased request header name. */
function isForwardable(lowerName: string, withBody: boolean): boolean {
  return !DROPPED_REQUEST_HEADERS.has(lowerName) && (withBody || !BODY_HEADERS.has(lowerName));
}

/** Request headers to forward (multi-valued kept), per functions.md §6.3. */
export function forwardableHeaders(headers: HeaderList | NodeJS.Dict<string[]>, method: string): OutboundHeaders {
  const out: OutboundHeaders = {};
  const withBody = methodHasBody(method);
  for (const [name, values] of Object.entries(headers)) {
    if (!values) continue;
    const lower = name.toLowerCase();
    if (isForwardable(lower, withBody)) out[lower] = values.length === 1 ? values[0] : [...values];
  }
  return out;
}

/** `forwardableHeaders` from `req.rawHeaders` (name, value, name, value…) without `headersDistinct`'s arrays. */
export function forwardableRawHeaders(raw: string[], method: string): OutboundHeaders {
  const out: OutboundHeaders = {};
  const withBody = methodHasBody(method);
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (!isForwardable(lower, withBody)) continue;
    const previous = out[lower];
    if (previous === undefined) out[lower] = raw[i + 1];
    else if (typeof previous === 'string') out[lower] = [previous, raw[i + 1]];
    else previous.push(raw[i + 1]);
  }
  return out;
}

/**
 * Splits `scheme://authority/path?query` without re-parsing the path: the canonical path a route
 * decided visibility on is sent exactly as it is (WHATWG parsing would resolve `..`, `%2e`, `\`).
 */
export function splitUrl(url: string): { origin: string; path: string } {
  const authority = url.indexOf('://');
  const slash = url.indexOf('/', authority < 0 ? 0 : authority + 3);
  const query = url.indexOf('?', authority < 0 ? 0 : authority + 3);
  const cut = slash < 0 ? query : query < 0 ? slash : Math.min(slash, query);
  if (cut < 0) return { origin: url, path: '/' };
  const rest = url.slice(cut);
  return { origin: url.slice(0, cut), path: rest.startsWith('/') ? rest : `/${rest}` };
}


export interface OutboundRequest {
  url: string;
  method: string;
  headers: OutboundHeaders;
  body?: Readable | Buffer | null;
  timeoutMs: number;
  /** Aborts the call (leadership lost, shutdown); a relay is aborted by its client's close instead. */
  signal?: AbortSignal;
}

export class UpstreamClient {
  private readonly agent: Agent;

  constructor(options: { allowUnsecureSsl: boolean }) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 300_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { rejectUnauthorized: !options.allowUnsecureSsl },
    });
  }

  /**
   * Streams the upstream response into `res` (src/proxy/dispatch-calls.ts); the client's close
   * aborts the call. Rejects with TimeoutError, ClientClosedError or the network error.
   */
  relay(request: OutboundRequest, res: ServerResponse): Promise<number> {
    const run = (r: OutboundRequest) => relayInto(this.agent, this.options(r), res, r.timeoutMs);
    return telemetry ? telemetry.clientCall(request, run) : run(request);
  }

  /** Sends a request and returns its status, discarding the body (async deliveries, events). */
  send(request: OutboundRequest): Promise<number> {
    return telemetry ? telemetry.clientCall(request, (r) => this.sendNow(r)) : this.sendNow(request);
  }

  private async sendNow(request: OutboundRequest): Promise<number> {
    return (await this.captureNow(request, 0)).status;
  }

  /**
   * Sends a request and returns its response with at most `maxBytes` of body (async results and
   * callbacks); a larger body is read to its end, counted and given as null.
   */
  async capture(request: OutboundRequest, maxBytes: number): Promise<CapturedResponse> {
    let captured: CapturedResponse | undefined;
    const run = (r: OutboundRequest) => this.captureNow(r, maxBytes).then((c) => (captured = c).status);
    await (telemetry ? telemetry.clientCall(request, run) : run(request));
    return captured!;
  }

  private captureNow(request: OutboundRequest, maxBytes: number): Promise<CapturedResponse> {
    return captureResponse(this.agent, this.options(request), request.timeoutMs, maxBytes, request.signal);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private options(request: OutboundRequest): Dispatcher.DispatchOptions {
    const { origin, path } = splitUrl(request.url);
    return {
      origin,
      path,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: methodHasBody(request.method) ? request.body ?? null : null,
    };
  }
}
