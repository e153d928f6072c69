/**
 * Scrapes one target (autoscaling.md §5.2 step 8): one GET bounded by one timeout covering headers
 * and body, the body parsed as it streams in. Every failure has its reason: `invalid_url`,
 * `http_status`, `response_too_large`, `parse`, `timeout`, `exception`.
 */
import type { Dispatcher } from 'undici';
import { ExpositionError, parseExposition, type ExposedSample, type ExpositionLimits, type NameFilter } from './exposition.js';

export type ScrapeFailure = 'invalid_url' | 'http_status' | 'response_too_large' | 'parse' | 'timeout' | 'exception';

export type ScrapeResult = { ok: true; samples: ExposedSample[] } | { ok: false; reason: ScrapeFailure; message: string };

export async function scrapeTarget(agent: Dispatcher, url: string, filter: NameFilter, limits: ExpositionLimits, timeoutMs: number): Promise<ScrapeResult> {
  let target: URL;
  try {
    target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`unsupported scheme ${target.protocol}`);
  } catch (err) {
    return { ok: false, reason: 'invalid_url', message: (err as Error).message };
  }
  const signal = AbortSignal.timeout(timeoutMs);
  let body: Dispatcher.ResponseData['body'] | null = null;
  try {
    const response = await agent.request({ origin: target.origin, path: target.pathname + target.search, method: 'GET', signal, headers: { accept: 'text/plain' } });
    body = response.body;
    if (response.statusCode < 200 || response.statusCode > 299) {
      return { ok: false, reason: 'http_status', message: `HTTP ${response.statusCode}` };
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxResponseBytes) {
      return { ok: false, reason: 'response_too_large', message: `Content-Length ${declared}` };
    }
    if (filter !== 'all' && filter.size === 0) return { ok: true, samples: [] };
    const samples = await parseExposition(body, filter, limits);
    return { ok: true, samples: [...samples.values()] };
  } catch (err) {
    if (err instanceof ExpositionError) {
      return { ok: false, reason: err.failure === 'response_too_large' ? 'response_too_large' : 'parse', message: err.message };
    }
    if (signal.aborted) return { ok: false, reason: 'timeout', message: `no complete answer within ${timeoutMs} ms` };
    return { ok: false, reason: 'exception', message: (err as Error).message };
  } finally {
    body?.destroy();
  }
}
