/**
 * The per-request CPU load-shedding decision (platform.md §4.3–§4.5): requests off the public
 * ports, excluded paths (exact, case-insensitive) and node-to-node `/internal/…` routes are never
 * limited; any other request updates the hysteresis with the latest sample and, while limiting,
 * is answered 429 at once (nothing read, enqueued or called).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging.js';
import { nextLimiting } from './hysteresis.js';
import type { RateLimitSettings } from './rate-limit-settings.js';

export const OVERLOADED_BODY = 'Service temporarily overloaded. Please retry later.';

/** Whether a request escapes the limiter whatever the CPU usage. */
export function isExempt(pathname: string, publicPort: boolean, excluded: ReadonlySet<string>): boolean {
  return !publicPort || pathname.startsWith('/internal/') || excluded.has(pathname.toLowerCase());
}

export class LoadShedder {
  private limiting = false;
  private readonly excluded: ReadonlySet<string>;
  private readonly body = Buffer.from(OVERLOADED_BODY);
  private readonly headers: Record<string, string>;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly usage: () => number,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
    private readonly onStop: () => void = () => undefined,
  ) {
    this.excluded = new Set(settings.excludedPaths.map((p) => p.toLowerCase()));
    this.headers = {
      'content-type': 'text/plain',
      'content-length': String(this.body.length),
      ...(settings.retryAfterSeconds !== null ? { 'retry-after': String(settings.retryAfterSeconds) } : {}),
    };
  }

  get isLimiting(): boolean {
    return this.limiting;
  }

  /** Decides for one request; true when it was answered 429 (the caller stops there). */
  rejects(req: IncomingMessage, res: ServerResponse, pathname: string, publicPort: boolean): boolean {
    if (isExempt(pathname, publicPort, this.excluded)) return false;
    const usage = this.usage();
    const next = nextLimiting(this.limiting, usage, this.settings);
    if (next !== this.limiting) {
      this.limiting = next;
      if (next) this.logger.warn(`CPU rate limiting activated: usage ${usage.toFixed(1)}% ≥ ${this.settings.cpuHighThreshold}%; public requests get 429`);
      else this.logger.info(`CPU rate limiting deactivated: usage ${usage.toFixed(1)}% ≤ ${this.settings.cpuLowThreshold}%`);
    }
    if (!this.limiting) return false;
    if (!req.readableEnded) req.resume();
    res.writeHead(429, this.headers);
    res.end(this.body);
    return true;
  }

  /** Stops the sampler behind `usage`. */
  stop(): void {
    this.onStop();
  }
}
