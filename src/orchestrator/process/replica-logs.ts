/**
 * Where a native local replica logs and what it is called: `<logs>/<function>-<index>.log`, pod
 * `<function>-<index>`. `readReplicaLogs` answers `recentLogs` from those files: each read backwards
 * from its end, only as far as `tail` lines at or after `since` need, then merged by time.
 * `followReplicaLogs` answers `followLogs`: it resolves once it has taken the files' offsets (that
 * instant), then yields the tail as of it and every line appended after it (files read on from those
 * offsets, a replica's file created later from its start), pulled only as fast as the caller consumes.
 */
import { join } from 'node:path';
import { followLines, type FollowOptions } from '../../util/file-follow.js';
import { sizeOrNull } from '../../util/file-lines.js';
import { linesFromEnd } from '../../util/file-tail.js';
import { mergeAsync } from '../../util/merge-async.js';
import { newestLines, withinSince, type LogLine, type RecentLogsQuery } from '../logs.js';
import { parseLogLine } from './log-format.js';

export function replicaPodName(functionName: string, index: number): string {
  return `${functionName}-${index}`;
}

export function replicaLogPath(logsDir: string, functionName: string, index: number): string {
  return join(logsDir, `${functionName}-${index}.log`);
}

/** The last `query.tail` lines of one log file at or after `query.sinceMs`, oldest first; lines without a timestamp are skipped. */
export async function readLogTail(path: string, replica: string, query: RecentLogsQuery, endOffset?: number): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  if (query.tail <= 0) return lines;
  for await (const raw of linesFromEnd(path, endOffset === undefined ? {} : { endOffset })) {
    const parsed = parseLogLine(raw);
    if (!parsed) continue;
    // Lines are appended in time order: everything before this one is older still.
    if (!withinSince(query, parsed.timeMs)) break;
    lines.push({ replica, ...parsed });
    if (lines.length >= query.tail) break;
  }
  return lines.reverse();
}

/**
 * Every replica index that can exist (`0 … maxReplicas-1`, so a replica scaled down a moment ago
 * still shows its last lines), or only `query.replica`'s; a missing file has no lines.
 */
function replicaIndices(functionName: string, maxReplicas: number, query: RecentLogsQuery): number[] {
  const indices: number[] = [];
  for (let index = 0; index < maxReplicas; index++) {
    if (query.replica === undefined || query.replica === replicaPodName(functionName, index)) indices.push(index);
  }
  return indices;
}

export async function readReplicaLogs(logsDir: string, functionName: string, maxReplicas: number, query: RecentLogsQuery): Promise<LogLine[]> {
  const indices = replicaIndices(functionName, maxReplicas, query);
  const perReplica = await Promise.all(
    indices.map((index) => readLogTail(replicaLogPath(logsDir, functionName, index), replicaPodName(functionName, index), query)),
  );
  return newestLines(perReplica, query.tail);
}

async function* followOne(path: string, replica: string, fromOffset: number | null, query: RecentLogsQuery, signal: AbortSignal, options: FollowOptions): AsyncGenerator<LogLine> {
  for await (const raw of followLines(path, fromOffset, signal, options)) {
    const parsed = parseLogLine(raw);
    if (parsed && withinSince(query, parsed.timeMs)) yield { replica, ...parsed };
  }
}

/**
 * Resolves once the starting offsets are taken: a line appended after that is never taken for an old
 * one, however late the first pull. The iterable: the tail of `readReplicaLogs` as of that instant,
 * then the new lines of every replica in arrival order, until `signal` aborts.
 */
export async function followReplicaLogs(logsDir: string, functionName: string, maxReplicas: number, query: RecentLogsQuery, signal: AbortSignal, options: FollowOptions = {}): Promise<AsyncIterable<LogLine>> {
  const replicas = replicaIndices(functionName, maxReplicas, query).map((index) => ({
    path: replicaLogPath(logsDir, functionName, index),
    pod: replicaPodName(functionName, index),
  }));
  const offsets = await Promise.all(replicas.map((r) => sizeOrNull(r.path)));
  return (async function* (): AsyncGenerator<LogLine> {
    const perReplica = await Promise.all(
      replicas.map((r, i) => (offsets[i] === null ? Promise.resolve([]) : readLogTail(r.path, r.pod, query, offsets[i]!))),
    );
    for (const line of newestLines(perReplica, query.tail)) {
      if (signal.aborted) return;
      yield line;
    }
    yield* mergeAsync(replicas.map((r, i) => followOne(r.path, r.pod, offsets[i] ?? null, query, signal, options)));
  })();
}
