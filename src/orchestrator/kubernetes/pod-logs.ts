/**
 * `recentLogs` on Kubernetes (pure parts and the read): each pod of the function answers
 * `GET …/pods/<name>/log?tailLines=&sinceSeconds=&timestamps=true` (CoreV1Api.readNamespacedPodLog
 * of client-node 1.4, which has no `sinceTime`); each line starts with its RFC 3339 (nano) time, the
 * stream is `stdout` (the API does not split stdout from stderr); the lists are merged by time
 * (logs.ts). `sinceSeconds` is whole seconds rounded up, so the exact `since` bound is applied here.
 */
import { newestLines, timestampedLine, withinSince, type LogLine, type RecentLogsQuery } from '../logs.js';

/** The lines of one pod's `timestamps=true` log text, oldest first; a line without a time is skipped. */
export function parseTimestampedLog(text: string, replica: string, query: RecentLogsQuery): LogLine[] {
  const lines: LogLine[] = [];
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  for (const raw of parts) {
    const line = timestampedLine('stdout', raw, replica);
    if (line && withinSince(query, line.timeMs)) lines.push(line);
  }
  return lines.slice(Math.max(0, lines.length - query.tail));
}

/** The `sinceSeconds` of a query at `nowMs`: whole seconds back to `since`, rounded up (at least 1); none without `since`; null when `since` is in the future. */
export function sinceSecondsOf(query: RecentLogsQuery, nowMs: number): number | undefined | null {
  if (query.sinceMs === undefined) return undefined;
  if (query.sinceMs > nowMs) return null;
  return Math.max(1, Math.ceil((nowMs - query.sinceMs) / 1000));
}

export type ReadPodLog = (pod: string, tailLines: number, sinceSeconds: number | undefined) => Promise<string>;

/** The pods given (only `query.replica` when set), read in parallel; a pod whose log cannot be read yet (404/400) has none. */
export async function readPodLogs(pods: readonly string[], query: RecentLogsQuery, read: ReadPodLog, nowMs = Date.now()): Promise<LogLine[]> {
  const sinceSeconds = sinceSecondsOf(query, nowMs);
  if (query.tail <= 0 || sinceSeconds === null) return [];
  const chosen = pods.filter((pod) => query.replica === undefined || pod === query.replica);
  const perPod = await Promise.all(
    chosen.map(async (pod) => {
      try {
        return parseTimestampedLog(await read(pod, query.tail, sinceSeconds), pod, query);
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code === 400 || code === 404) return [];
        throw err;
      }
    }),
  );
  return newestLines(perPod, query.tail);
}
