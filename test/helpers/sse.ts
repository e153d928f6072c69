/** A Server-Sent Events reader for tests: opens a stream (optionally from a source address), collects parsed frames, waits on them. */
import http from 'node:http';
import { waitFor } from './wait.js';

export interface SseFrame {
  event: string;
  /** The `data:` line parsed as JSON. */
  data: unknown;
  raw: string;
}

export class SseReader {
  readonly frames: SseFrame[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  /** The whole body of a non-200 answer. */
  body = '';
  ended = false;
  private buffer = '';
  private req: http.ClientRequest | null = null;

  /** Resolves once the response headers are in (any status). */
  static open(url: string, localAddress?: string): Promise<SseReader> {
    const reader = new SseReader();
    return new Promise((resolve, reject) => {
      reader.req = http.get(url, { agent: false, localAddress }, (res) => {
        reader.status = res.statusCode ?? 0;
        reader.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => reader.feed(chunk));
        res.on('end', () => (reader.ended = true));
        res.on('error', () => undefined);
        resolve(reader);
      });
      reader.req.on('error', reject);
    });
  }

  private feed(chunk: string): void {
    if (this.status !== 200) {
      this.body += chunk;
      return;
    }
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(raw)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(raw)?.[1] ?? 'null';
      this.frames.push({ event, data: JSON.parse(data), raw });
    }
  }

  named(event: string): SseFrame[] {
    return this.frames.filter((f) => f.event === event);
  }

  /** Every activity event received so far (`activity` and `activity_batch` frames, in order). */
  activity(): Array<Record<string, unknown>> {
    return this.frames.flatMap((f) => (f.event === 'activity' ? [f.data as Record<string, unknown>] : f.event === 'activity_batch' ? (f.data as Array<Record<string, unknown>>) : []));
  }

  async waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    await waitFor(condition, timeoutMs, what);
  }

  close(): void {
    this.req?.destroy();
  }
}
