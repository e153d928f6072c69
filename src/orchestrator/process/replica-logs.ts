/**
 * Where a native local replica logs and what it is called: `<logs>/<function>-<index>.log`, pod
 * `<function>-<index>`. `readReplicaLogs` answers `recentLogs` from those files: each read backwards
 * from its end, only as far as `tail` lines at or after `since` need, then merged by time.
 */
import { join } from 'node:path';
import { linesFromEnd } from '../../util/file-tail.js';
import { newestLines, withinSince, type LogLine, type RecentLogsQuery } from '../logs.js';
import { parseLogLine } from './log-format.js';

export function replicaPodName(functionName: string, index: number): string {
  return `${functionName}-${index}`;
}

export function replicaLogPath(logsDir: string, functionName: string, index: number): string {
  return join(logsDir, `${functionName}-${index}.log`);
}

/** The last `query.tail` lines of one log file at or after `query.sinceMs`, oldest first; lines without a timestamp are skipped. */
export async function readLogTail(path: string, replica: string, query: RecentLogsQuery): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  if (query.tail <= 0) return lines;
  for await (const raw of linesFromEnd(path)) {
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
export async function readReplicaLogs(logsDir: string, functionName: string, maxReplicas: number, query: RecentLogsQuery): Promise<LogLine[]> {
  const indices: number[] = [];
  for (let index = 0; index < maxReplicas; index++) {
    if (query.replica === undefined || query.replica === replicaPodName(functionName, index)) indices.push(index);
  }
  const perReplica = await Promise.all(
    indices.map((index) => readLogTail(replicaLogPath(logsDir, functionName, index), replicaPodName(functionName, index), query)),
  );
  return newestLines(perReplica, query.tail);
}
