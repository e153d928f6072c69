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
