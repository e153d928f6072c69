/**
 * One upstream call relayed into a `ServerResponse` through undici's dispatch handler API — no
 * AbortController, AbortSignal, async-resource or `finished()` wrappers per call (the sync hot
 * path): back-pressure both ways, the client's close aborts the call, `timeoutMs` aborts it with a
 * TimeoutError, and response headers are forwarded byte for byte minus the hop-by-hop ones.
 */
import type { Dispatcher } from 'undici';
import type { ServerResponse } from 'node:http';
import { DROPPED_RESPONSE_HEADERS, MAX_TIMER_MS, TimeoutError } from './upstream-shared.js';

/** The relay ended because the client closed its connection first (nothing to answer). */
export class ClientClosedError extends Error {
  constructor() {
    super('client closed the connection');
  }
}

/** Response headers from undici's raw list (latin1: the bytes as received), multi-valued ones kept. */
function relayedHeaders(raw: Buffer[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1');
    if (DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) continue;
    const value = raw[i + 1]!.toString('latin1');
    const previous = out[name];
    if (previous === undefined) out[name] = value;
    else if (typeof previous === 'string') out[name] = [previous, value];
    else previous.push(value);
  }
  return out;
}

/** Resolves with the upstream status once the response was handed to `res` whole; rejects with TimeoutError, ClientClosedError or the network error. */
export function relayInto(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, res: ServerResponse, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let abort: ((reason?: Error) => void) | null = null;
    let failure: Error | null = null;
    let status = 0;
    let done = false;
    let resumeUpstream: (() => void) | null = null;
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      res.off('close', onClientClose);
      if (resumeUpstream) res.off('drain', resumeUpstream);
      if (err) reject(err);
      else resolve(status);
    };
    const cancel = (reason: Error) => {
      failure ??= reason;
      if (abort) abort(reason);
    };
    const onClientClose = () => {
      if (!res.writableFinished) cancel(new ClientClosedError());
    };
    const timer = setTimeout(() => cancel(new TimeoutError()), Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS));
    res.on('close', onClientClose);

    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortCall) {
        abort = abortCall;
        if (failure) abortCall(failure);
      },
      onHeaders(statusCode, rawHeaders, resume) {
        if (statusCode < 200) return true; // 1xx: not relayed
        status = statusCode;
        res.writeHead(statusCode, relayedHeaders(rawHeaders as unknown as Buffer[]));
        resumeUpstream = resume;
        res.on('drain', resume);
        return !res.writableNeedDrain;
      },
      onData(chunk) {
        return res.write(chunk);
      },
      onComplete() {
        res.end();
        finish(null);
      },
      onError(err) {
        const reason = failure ?? err;
        if (res.headersSent) res.destroy(reason);
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
