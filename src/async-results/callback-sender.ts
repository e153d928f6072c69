/**
 * Sends caller callbacks after an async call's final outcome: a POST with the function's response
 * body, retried with back-off (network error or non-2xx) a bounded number of times, never blocking
 * the dispatcher. Best effort: a callback in progress is not resumed after a restart.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../logging.js';
import type { CapturedResponse, UpstreamClient } from '../proxy/upstream-client.js';
import { CALLBACK_RETRIES, CALLBACK_TIMEOUT_MS, callbackBackoffMs, callbackHeaders } from './caller-callback.js';

interface CallbackJob {
  url: string;
  id: string;
  fn: string;
  status: number;
  durationMs: number;
  response?: CapturedResponse;
}

export class CallbackSender {
  private readonly abort = new AbortController();

  constructor(
    private readonly client: UpstreamClient,
    private readonly logger: Logger,
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void> = sleepUnlessAborted,
    private readonly baseDelayMs = 1000,
  ) {}

  /** Starts sending; resolves with whether the callback was accepted (for tests). */
  send(job: CallbackJob): Promise<boolean> {
    return this.run(job).catch(() => false);
  }

  stop(): void {
    this.abort.abort();
  }

  private async run(job: CallbackJob): Promise<boolean> {
    const contentType = job.response?.headers['content-type'];
    const headers = callbackHeaders({
      id: job.id, fn: job.fn, status: job.status, durationMs: job.durationMs,
      contentType: Array.isArray(contentType) ? contentType[0] : contentType,
      tooLarge: job.response !== undefined && job.response.body === null,
    });
    const body = job.response?.body ?? Buffer.alloc(0);
    for (let attempt = 0; attempt <= CALLBACK_RETRIES; attempt++) {
      if (attempt > 0) await this.sleep(callbackBackoffMs(attempt, this.baseDelayMs), this.abort.signal);
      if (this.abort.signal.aborted) return false;
      try {
        const status = await this.client.send({ url: job.url, method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, body, timeoutMs: CALLBACK_TIMEOUT_MS, signal: this.abort.signal });
        if (status >= 200 && status < 300) return true;
        this.logger.debug(`callback of ${job.id} to ${job.url}: ${status}`);
      } catch (err) {
        this.logger.debug(`callback of ${job.id} to ${job.url} failed: ${(err as Error).message}`);
      }
    }
    this.logger.warn(`callback of async call ${job.id} (${job.fn}) to ${job.url} gave up after ${CALLBACK_RETRIES + 1} tries`);
    return false;
  }
}

/** Waits `ms`, or less when `signal` aborts (resolves either way; no listener outlives the wait). */
async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  }
}
