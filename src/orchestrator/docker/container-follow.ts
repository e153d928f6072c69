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
import { demuxFrames } from './container-logs.js';
import { timestampedLine } from '../logs.js';
import { withinSince, type LogLine, type LogStream, type RecentLogsQuery } from '../logs.js';

const MAX_LINE_BYTES = 1024 * 1024;

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
    const raw = this.frame.length > 0 ? Buffer.concat([this.frame, chunk]) : chunk;
    const { frames, consumed } = demuxFrames(raw);
    for (const { stream, payload } of frames) this.payload(stream, payload, lines);
    this.frame = Buffer.from(raw.subarray(consumed));
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
    const line = timestampedLine(stream, bytes.toString('utf8'), this.replica);
    if (line) out.push(line);
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
