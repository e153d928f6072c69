/**
 * Minimum request-body data rate (Kestrel `MinRequestBodyDataRate`): once the grace period has
 * passed, a request whose body arrives slower on average than `bytesPerSecond` is cut off with a
 * `408` (or its connection closed when the answer has started). Time during which SlimFaas itself
 * is not reading (back-pressure from a slow function) does not count. One shared 1 s timer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

interface Watched {
  req: IncomingMessage;
  res: ServerResponse;
  bytesAtStart: number;
  activeMs: number;
  lastCheckMs: number;
}

const CHECK_EVERY_MS = 1000;

export class BodyRateGuard {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bytesPerSecond: number,
    private readonly graceMs: number,
    private readonly onCut: (req: IncomingMessage) => void = () => undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Watches a request that still has a body to receive (no-op when disabled or already complete). */
  watch(req: IncomingMessage, res: ServerResponse): void {
    if (this.bytesPerSecond <= 0 || req.complete || !expectsBody(req)) return;
    const entry: Watched = { req, res, bytesAtStart: req.socket.bytesRead, activeMs: 0, lastCheckMs: this.clock() };
    this.watched.add(entry);
    const forget = () => this.watched.delete(entry);
    req.once('end', forget);
    req.once('close', forget);
    res.once('close', forget);
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.watched.clear();
  }

  /** One pass over the watched requests (called by the timer; public for tests with a fake clock). */
  check(): void {
    const now = this.clock();
    for (const entry of this.watched) {
      const { req } = entry;
      if (req.complete || req.socket.destroyed) {
        this.watched.delete(entry);
        continue;
      }
      const elapsed = now - entry.lastCheckMs;
      entry.lastCheckMs = now;
      if (isBackPressured(req)) continue;
      entry.activeMs += elapsed;
      if (entry.activeMs <= this.graceMs) continue;
      const received = req.socket.bytesRead - entry.bytesAtStart;
      if (received < (this.bytesPerSecond * entry.activeMs) / 1000) {
        this.watched.delete(entry);
        this.cut(entry);
      }
    }
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private cut({ req, res }: Watched): void {
    this.onCut(req);
    if (!res.headersSent) {
      const body = JSON.stringify({ error: 'The request body arrived too slowly.' });
      res.writeHead(408, { connection: 'close', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body, () => req.socket.destroy());
      return;
    }
    req.socket.destroy();
  }
}

function expectsBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/** SlimFaas is not reading: the request buffer is full (so the socket is paused too). */
function isBackPressured(req: IncomingMessage): boolean {
  return req.readableLength >= req.readableHighWaterMark;
}
