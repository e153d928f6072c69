/**
 * `GET /v1/functions/{name}/logs?tail=&replica=&sinceMs=` of the control API (pure): the path a
 * client asks (`logsPath`) and the query the API reads back (`parseLogsParams`); the answer is a
 * JSON array of LogLine (src/orchestrator/logs.ts), oldest first.
 */
import type { LogLine, RecentLogsQuery } from '../logs.js';

export function logsPath(name: string, query: RecentLogsQuery): string {
  const params = new URLSearchParams({ tail: String(query.tail) });
  if (query.replica !== undefined) params.set('replica', query.replica);
  if (query.sinceMs !== undefined) params.set('sinceMs', String(query.sinceMs));
  return `/v1/functions/${encodeURIComponent(name)}/logs?${params}`;
}

/** The query, or an error message (`tail` a non-negative integer, `sinceMs` an integer). */
export function parseLogsParams(params: URLSearchParams): { ok: true; value: RecentLogsQuery } | { ok: false; error: string } {
  const tail = params.get('tail') ?? '100';
  if (!/^\d{1,7}$/.test(tail)) return { ok: false, error: 'tail must be a non-negative integer.' };
  const value: RecentLogsQuery = { tail: Number(tail) };
  const replica = params.get('replica');
  if (replica) value.replica = replica;
  const since = params.get('sinceMs');
  if (since !== null) {
    if (!/^-?\d{1,16}$/.test(since)) return { ok: false, error: 'sinceMs must be an integer (Unix milliseconds).' };
    value.sinceMs = Number(since);
  }
  return { ok: true, value };
}

/** The lines of a `/logs` answer body, checked field by field. */
export function parseLogLines(text: string): LogLine[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) throw new Error('the supervisor answered logs that are not an array');
  return parsed.map((l: Partial<LogLine>) => {
    if (typeof l?.replica !== 'string' || typeof l.timeMs !== 'number' || (l.stream !== 'stdout' && l.stream !== 'stderr') || typeof l.line !== 'string') {
      throw new Error('the supervisor answered a malformed log line');
    }
    return { replica: l.replica, timeMs: l.timeMs, stream: l.stream, line: l.line };
  });
}
