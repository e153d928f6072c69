/**
 * Tags each child line on the console and appends it, ISO-8601 timestamped and its stream marked
 * (log-format.ts), to the child's log file (§2.4.12).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { LogStream } from '../logs.js';
import { formatLogLine } from './log-format.js';

/** Longest partial line kept in memory before it is emitted as a line of its own. */
const MAX_PENDING_CHARS = 64 * 1024;

export type OutputFn = (line: string) => void;

export const defaultOutput: OutputFn = (line) => {
  process.stdout.write(`${line}\n`);
};

export class LogSink {
  private readonly stream: WriteStream;
  private closed = false;

  /** `tag` includes its trailing space, e.g. `[function/fibonacci/0] `. */
  constructor(
    private readonly tag: string,
    filePath: string,
    private readonly output: OutputFn,
  ) {
    this.stream = createWriteStream(filePath, { flags: 'a' });
    this.stream.on('error', () => undefined);
  }

  /** Writes one line to the console (tagged) and to the log file (timestamped, stderr marked). */
  line(text: string, stream: LogStream = 'stdout'): void {
    try {
      this.output(`${this.tag}${text}`);
    } catch {
      // A broken console must never break supervision.
    }
    if (!this.closed) this.stream.write(formatLogLine(Date.now(), stream, text));
  }

  /** Forwards every line of `stream`; returns a function flushing the trailing partial line. */
  follow(stream: Readable | null, name: LogStream = 'stdout'): () => void {
    if (!stream) return () => undefined;
    const decoder = new StringDecoder('utf8');
    let pending = '';
    const emit = (raw: string): void => this.line(raw.endsWith('\r') ? raw.slice(0, -1) : raw, name);
    stream.on('data', (chunk: Buffer) => {
      pending += decoder.write(chunk);
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        emit(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
      if (pending.length > MAX_PENDING_CHARS) {
        emit(pending);
        pending = '';
      }
    });
    stream.on('error', () => undefined);
    return () => {
      pending += decoder.end();
      if (pending.length > 0) emit(pending);
      pending = '';
    };
  }

  /** Flushes and closes the file; later lines only reach the console. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
