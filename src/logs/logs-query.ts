/**
 * The query of `GET /logs/{function}` (pure): `tail` (integer 0…1000, default 100), `replica` (a pod
 * name; empty means all), `since` (RFC 3339 with a `Z` or `±hh:mm` offset, day checked against its
 * month), `follow` (`true`/`false`, default false; keep streaming new lines after the tail). Names are case-insensitive and the first occurrence wins (as ASP.NET binds them); anything
 * else in the query is ignored; an invalid value is an error message, never a guess.
 */
import type { RecentLogsQuery } from '../orchestrator/logs.js';

export const DEFAULT_TAIL = 100;
export const MAX_TAIL = 1000;

export type ParsedLogsQuery = { ok: true; query: RecentLogsQuery; follow: boolean } | { ok: false; error: string };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Unix milliseconds of an RFC 3339 date-time, or null. A `+` decoded as a space (`+01:00` unescaped in a query) is read as `+`. */
export function parseRfc3339(value: string): number | null {
  const text = value.replace(/ (\d{2}:\d{2})$/, '+$1');
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offset = match[8]!;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  if (offset.length > 1 && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return null;
  const ms = Date.parse(text.toUpperCase());
  return Number.isFinite(ms) ? ms : null;
}

/** `rawQuery` with or without its leading `?`. */
export function parseLogsQuery(rawQuery: string): ParsedLogsQuery {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery)) {
    if (!params.has(key.toLowerCase())) params.set(key.toLowerCase(), value);
  }
  let tail = DEFAULT_TAIL;
  const rawTail = params.get('tail') ?? null;
  if (rawTail !== null) {
    if (!/^\d{1,7}$/.test(rawTail) || Number(rawTail) > MAX_TAIL) {
      return { ok: false, error: `tail must be an integer from 0 to ${MAX_TAIL}.` };
    }
    tail = Number(rawTail);
  }
  const query: RecentLogsQuery = { tail };
  const replica = params.get('replica');
  if (replica) query.replica = replica;
  const since = params.get('since') ?? null;
  if (since !== null) {
    const sinceMs = parseRfc3339(since);
    if (sinceMs === null) return { ok: false, error: 'since must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z.' };
    query.sinceMs = sinceMs;
  }
  let follow = false;
  const rawFollow = params.get('follow') ?? null;
  if (rawFollow !== null) {
    if (!/^(true|false)$/i.test(rawFollow)) return { ok: false, error: 'follow must be true or false.' };
    follow = rawFollow.toLowerCase() === 'true';
  }
  return { ok: true, query, follow };
}
