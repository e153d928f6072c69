/**
 * The log side of the workload seam: a function's recent output lines, per replica, oldest first.
 * `newestLines` merges the per-replica lists (each oldest first) into the last `tail` lines overall,
 * ordered by time, replicas in the given order on equal times; it is what every backend answers with.
 */

export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  /** The pod name as the topology names it (`<function>-<index>` in native local mode). */
  replica: string;
  /** Unix milliseconds. */
  timeMs: number;
  stream: LogStream;
  line: string;
}

export interface RecentLogsQuery {
  /** At most this many lines in all (the last ones). */
  tail: number;
  /** Only this replica (pod name). */
  replica?: string;
  /** Only lines at or after this time (Unix milliseconds). */
  sinceMs?: number;
}

/** `<RFC 3339 (nano) time> <text>`: the Docker engine's and the Kubernetes API's `timestamps` line format. */
export const TIMESTAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) ?([^]*)$/;

/** One `<RFC 3339 nano> <text>` line (a trailing CR dropped), or null without a timestamp. */
export function timestampedLine(stream: LogStream, text: string, replica: string): LogLine | null {
  const match = TIMESTAMPED.exec(text.endsWith('\r') ? text.slice(0, -1) : text);
  const timeMs = match ? Date.parse(match[1]!) : NaN;
  return Number.isFinite(timeMs) ? { replica, timeMs, stream, line: match![2]! } : null;
}

/** Whether `line` passes the `since` bound of `query`. */
export function withinSince(query: RecentLogsQuery, timeMs: number): boolean {
  return query.sinceMs === undefined || timeMs >= query.sinceMs;
}

/** The last `tail` lines of all lists together, oldest first (stable: list order breaks ties). */
export function newestLines(perReplica: readonly (readonly LogLine[])[], tail: number): LogLine[] {
  const all: { line: LogLine; list: number; index: number }[] = [];
  perReplica.forEach((lines, list) => lines.forEach((line, index) => all.push({ line, list, index })));
  all.sort((a, b) => a.line.timeMs - b.line.timeMs || a.list - b.list || a.index - b.index);
  return all.slice(Math.max(0, all.length - Math.max(0, tail))).map((entry) => entry.line);
}
