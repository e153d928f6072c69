/**
 * The line format of native local log files (`<state>/logs/<name>-<replica>.log`), written and read
 * here only: `<ISO-8601 UTC with ms> <text>` for stdout and SlimFaas's own lines about the child
 * (`started pid=…`, `exited code=…`), `<ISO-8601> [stderr] <text>` for the child's stderr.
 */
import type { LogStream } from '../logs.js';

export const STDERR_MARK = '[stderr] ';

export interface ParsedLogLine {
  timeMs: number;
  stream: LogStream;
  line: string;
}

/** One file line, newline included. */
export function formatLogLine(timeMs: number, stream: LogStream, text: string): string {
  return `${new Date(timeMs).toISOString()} ${stream === 'stderr' ? STDERR_MARK : ''}${text}\n`;
}

const LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)(?: ([^]*))?$/;

/** A file line (without its newline) → time, stream and text; null when it does not start with a timestamp. */
export function parseLogLine(raw: string): ParsedLogLine | null {
  const match = LINE.exec(raw);
  if (!match) return null;
  const timeMs = Date.parse(match[1]!);
  if (!Number.isFinite(timeMs)) return null;
  const text = match[2] ?? '';
  if (text.startsWith(STDERR_MARK)) return { timeMs, stream: 'stderr', line: text.slice(STDERR_MARK.length) };
  return { timeMs, stream: 'stdout', line: text };
}
