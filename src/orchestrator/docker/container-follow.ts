/**
 * Follow mode on Docker: `GET /containers/{id}/logs?follow=1&timestamps=1&since=` read as a stream.
 * `EngineLineSplitter` (pure) turns the chunks of the engine's multiplexed answer (8-byte frame
 * headers, see container-logs.ts) or a TTY's raw one into timestamped lines, keeping a cut frame
 * or line for the next chunk (a line is cut at 1 MiB). `followContainer` reads the stream only as
 * fast as its caller pulls (async iteration pauses the socket) and destroys it on abort. Lines at or
 * before `afterMs` (the last line the tail already gave) and before `query.sinceMs` are skipped.
 */
import type { Readable } from 'node:stream';
import type { Docker } from './engine.js';
import { statusOf } from './engine.js';
import { withinSince, type LogLine, type LogStream, type RecentLogsQuery } from '../logs.js';

const HEADER_BYTES = 8;
const MAX_LINE_BYTES = 1024 * 1024;
const TIMESTAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) ?([^]*)$/;

export class EngineLineSplitter {
  private frame = Buffer.alloc(0);
  private readonly partial: Record<LogStream, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };

  constructor(private readonly tty: boolean, private readonly replica: string) {}

  /** The lines completed by `chunk`, in order. */
  push(chunk: Buffer): LogLine[] {
    const lines: LogLine[] = [];
    if (this.tty) {
      this.payload('stdout', chunk, lines);
      return lines;
    }
    let raw = this.frame.length > 0 ? Buffer.concat([this.frame, chunk]) : chunk;
    let offset = 0;
    while (offset + HEADER_BYTES <= raw.length) {
      const type = raw[offset]!;
      const length = raw.readUInt32BE(offset + 4);
      const start = offset + HEADER_BYTES;
      if (start + length > raw.length) break;
      if (type === 1 || type === 2) this.payload(type === 2 ? 'stderr' : 'stdout', raw.subarray(start, start + length), lines);
      offset = start + length;
    }
    raw = raw.subarray(offset);
    this.frame = Buffer.from(raw);
    return lines;
  }

  private payload(stream: LogStream, bytes: Buffer, out: LogLine[]): void {
    let text = this.partial[stream].length > 0 ? Buffer.concat([this.partial[stream], bytes]) : bytes;
    for (let nl = text.indexOf(0x0a); nl >= 0; nl = text.indexOf(0x0a)) {
      this.line(stream, text.subarray(0, nl), out);
      text = text.subarray(nl + 1);
    }
    if (text.length >= MAX_LINE_BYTES) {
      this.line(stream, text, out);
      text = Buffer.alloc(0);
    }
    this.partial[stream] = Buffer.from(text);
  }

  private line(stream: LogStream, bytes: Buffer, out: LogLine[]): void {
    const part = bytes.toString('utf8');
    const match = TIMESTAMPED.exec(part.endsWith('\r') ? part.slice(0, -1) : part);
    const timeMs = match ? Date.parse(match[1]!) : NaN;
    if (Number.isFinite(timeMs)) out.push({ replica: this.replica, timeMs, stream, line: match![2]! });
  }
}

/** The new lines of one container until `signal` aborts or the container's log ends; a container already gone has none. */
export async function* followContainer(docker: Docker, id: string, tty: boolean, replica: string, query: RecentLogsQuery, afterMs: number, signal: AbortSignal): AsyncGenerator<LogLine> {
  if (signal.aborted) return;
  let stream: Readable;
  try {
    const since = Math.max(0, Math.floor(Math.max(afterMs, query.sinceMs ?? 0) / 1000));
    stream = (await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: true, timestamps: true, since })) as unknown as Readable;
  } catch (err) {
    if (statusOf(err) === 404) return;
    throw err;
  }
  const stop = (): void => {
    stream.destroy();
  };
  signal.addEventListener('abort', stop, { once: true });
  const splitter = new EngineLineSplitter(tty, replica);
  try {
    for await (const chunk of stream) {
      for (const line of splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string))) {
        if (signal.aborted) return;
        if (line.timeMs > afterMs && withinSince(query, line.timeMs)) yield line;
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  } finally {
    signal.removeEventListener('abort', stop);
    stream.destroy();
  }
}
