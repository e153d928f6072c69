/**
 * Upstream calls through undici's dispatch handler API — no AbortController, AbortSignal,
 * async-resource or `finished()` wrappers per call: `relayInto` streams a response into a
 * `ServerResponse` (the sync hot path: back-pressure both ways, the client's close aborts the call,
 * headers forwarded byte for byte minus the hop-by-hop ones); `captureResponse` keeps at most
 * `maxBytes` of a response (async deliveries). Both abort on their exact `timeoutMs` with a TimeoutError.
 */
import type { Dispatcher } from 'undici';
import type { ServerResponse } from 'node:http';

export class TimeoutError extends Error {
  constructor() {
    super('upstream timeout');
  }
}

/** Node's largest timer delay (a larger one would fire at once). */
const MAX_TIMER_MS = 2_147_483_647;

/** Hop-by-hop response headers, lower-cased. */
const DROPPED_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['transfer-encoding', 'connection', 'keep-alive']);

/** The relay ended because the client closed its connection first (nothing to answer). */
export class ClientClosedError extends Error {
  constructor() {
    super('client closed the connection');
  }
}

type HeaderMap = Record<string, string | string[]>;

/** Headers from undici's raw list (latin1: the bytes as received), multi-valued ones kept, hop-by-hop ones dropped. */
function headersFrom(raw: Buffer[], lowerCaseNames: boolean): HeaderMap {
  const out: HeaderMap = Object.create(null) as HeaderMap;
  for (let i = 0; i < raw.length; i += 2) {
    const received = raw[i]!.toString('latin1');
    const lower = received.toLowerCase();
    if (DROPPED_RESPONSE_HEADERS.has(lower)) continue;
    const name = lowerCaseNames ? lower : received;
    const value = raw[i + 1]!.toString('latin1');
    const previous = out[name];
    if (previous === undefined) out[name] = value;
    else if (typeof previous === 'string') out[name] = [previous, value];
    else previous.push(value);
  }
  return out;
}

/** What one call does with its response; `headers`/`data` return false to pause undici until `resume`. */
interface ResponseSink<T> {
  headers(status: number, raw: Buffer[], resume: () => void): boolean;
  data(chunk: Buffer): boolean;
  complete(): T;
  /** The call failed (after `headers`, when it came that far). */
  failed(reason: Error): void;
  /** Calls `cancel` when the caller's side goes away; returns how to stop listening. */
  watch(cancel: (reason: Error) => void): () => void;
}

function dispatchCall<T>(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, timeoutMs: number, sink: ResponseSink<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let abort: ((reason?: Error) => void) | null = null;
    let failure: Error | null = null;
    let done = false;
    const cancel = (reason: Error) => {
      failure ??= reason;
      if (abort) abort(reason);
    };
    const timer = setTimeout(() => cancel(new TimeoutError()), Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS));
    const unwatch = sink.watch(cancel);
    const finish = (err: Error | null, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unwatch();
      if (err) reject(err);
      else resolve(value as T);
    };
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortCall) {
        abort = abortCall;
        if (failure) abortCall(failure);
      },
      onHeaders(statusCode, rawHeaders, resume) {
        if (statusCode < 200) return true; // 1xx: not relayed
        return sink.headers(statusCode, rawHeaders as unknown as Buffer[], resume);
      },
      onData(chunk) {
        return sink.data(chunk);
      },
      onComplete() {
        try {
          finish(null, sink.complete());
        } catch (err) {
          finish(err as Error);
        }
      },
      onError(err) {
        const reason = failure ?? err;
        sink.failed(reason);
        finish(reason);
      },
    };
    try {
      dispatcher.dispatch(options, handler);
    } catch (err) {
      finish(err as Error);
    }
  });
}

/** Resolves with the upstream status once the response was handed to `res` whole; rejects with TimeoutError, ClientClosedError or the network error. */
export function relayInto(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, res: ServerResponse, timeoutMs: number): Promise<number> {
  let status = 0;
  let resumeUpstream: (() => void) | null = null;
  return dispatchCall(dispatcher, options, timeoutMs, {
    headers(statusCode, raw, resume) {
      status = statusCode;
      res.writeHead(statusCode, headersFrom(raw, false));
      resumeUpstream = resume;
      res.on('drain', resume);
      return !res.writableNeedDrain;
    },
    data: (chunk) => res.write(chunk),
    complete() {
      res.end();
      return status;
    },
    failed(reason) {
      if (res.headersSent) res.destroy(reason);
    },
    watch(cancel) {
      const onClose = () => {
        if (!res.writableFinished) cancel(new ClientClosedError());
      };
      res.on('close', onClose);
      return () => {
        res.off('close', onClose);
        if (resumeUpstream) res.off('drain', resumeUpstream);
      };
    },
  });
}

/** A response as captured by `captureResponse` (body null: larger than the cap). */
export interface CapturedResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string | string[]>;
  body: Buffer | null;
  size: number;
}

/**
 * Sends a request and keeps its response with at most `maxBytes` of body (0: the body is only
 * counted); a larger body is read to its end, counted and given as null. `signal` aborts the call.
 */
export function captureResponse(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, timeoutMs: number, maxBytes: number, signal?: AbortSignal): Promise<CapturedResponse> {
  let status = 0;
  let headers: HeaderMap = {};
  let chunks: Buffer[] = [];
  let size = 0;
  return dispatchCall(dispatcher, options, timeoutMs, {
    headers(statusCode, raw) {
      status = statusCode;
      headers = headersFrom(raw, true);
      return true;
    },
    data(chunk) {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (chunks.length > 0) chunks = [];
      return true;
    },
    complete: () => ({ status, headers: { ...headers }, body: size <= maxBytes ? Buffer.concat(chunks) : null, size }),
    failed: () => undefined,
    watch(cancel) {
      if (!signal) return () => undefined;
      const onAbort = () => cancel(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      if (signal.aborted) {
        onAbort();
        return () => undefined;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      return () => signal.removeEventListener('abort', onAbort);
    },
  });
}
