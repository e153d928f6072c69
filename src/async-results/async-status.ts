/**
 * Pure status of an async call (beyond upstream): the record kept per element and its transitions
 * Queued → Running → WaitingRetry | Succeeded | Failed, decided with the element's retry snapshot
 * exactly as the queue decides (functions.md §7.2, §7.5). No I/O, the clock is an argument.
 */
import type { HttpPolicy } from '../model/function-config.js';
import { attemptEndsElement } from '../queue/queue-state.js';

export type AsyncStatus = 'Queued' | 'Running' | 'WaitingRetry' | 'Succeeded' | 'Failed' | 'DeadLettered';

export const DEFAULT_RESULT_TTL_SECONDS = 600;
export const DEFAULT_RESULT_MAX_BYTES = 1024 * 1024;
/** A record not final yet is kept this long after its last transition (an element may wait long). */
export const PENDING_TTL_MS = 7 * 24 * 3600 * 1000;

export interface AsyncAttempt {
  TryNumber: number;
  StartedAt: string;
  /** null while the attempt runs (or waits in 202 mode). */
  DurationMs: number | null;
  StatusCode: number | null;
}

export interface AsyncRecord {
  Id: string;
  Function: string;
  Status: AsyncStatus;
  CreatedAt: string;
  Attempts: AsyncAttempt[];
  /** Internal: canonical path of the original call (visibility), retry snapshot, retention. */
  path: string;
  retries: number[];
  statusRetries: number[];
  ttlMs: number;
  maxBytes: number;
}

/** Retention of a function's results; null when off (`ResultTtlSeconds: 0`). */
export function resultSettings(policy: HttpPolicy): { ttlMs: number; maxBytes: number } | null {
  const ttl = policy.ResultTtlSeconds ?? DEFAULT_RESULT_TTL_SECONDS;
  if (ttl <= 0) return null;
  return { ttlMs: ttl * 1000, maxBytes: policy.ResultMaxBytes ?? DEFAULT_RESULT_MAX_BYTES };
}

/** Whether a function keeps the status of its async calls (results on). */
export function tracksStatus(policy: HttpPolicy): boolean {
  return resultSettings(policy) !== null;
}

export function queuedRecord(id: string, fn: string, path: string, policy: HttpPolicy, settings: { ttlMs: number; maxBytes: number }, nowMs: number): AsyncRecord {
  return {
    Id: id, Function: fn, Status: 'Queued', CreatedAt: new Date(nowMs).toISOString(), Attempts: [],
    path, retries: [...policy.TimeoutRetries], statusRetries: [...policy.HttpStatusRetries], ...settings,
  };
}

/** Attempt `tryNumber` (1-based) started; a repeated start of the same try replaces it. */
export function attemptStarted(record: AsyncRecord, tryNumber: number, nowMs: number): AsyncRecord {
  const attempts = record.Attempts.filter((a) => a.TryNumber < tryNumber);
  attempts.push({ TryNumber: tryNumber, StartedAt: new Date(nowMs).toISOString(), DurationMs: null, StatusCode: null });
  return { ...record, Status: 'Running', Attempts: attempts };
}

/** Whether recording `code` on attempt `tryNumber` ends the element (§7.2 "Finished"). */
export function endsElement(record: Pick<AsyncRecord, 'retries' | 'statusRetries'>, tryNumber: number, code: number): boolean {
  return attemptEndsElement({ timeoutRetriesSeconds: record.retries, httpStatusRetries: record.statusRetries }, tryNumber, code);
}

/**
 * The last attempt ended with `code` (null: the function answered 202, the attempt stays running);
 * a final failure is `DeadLettered` when the element was kept as a dead letter, else `Failed`.
 */
export function attemptEnded(record: AsyncRecord, code: number | null, nowMs: number, deadLettered = false): AsyncRecord {
  const last = record.Attempts.at(-1);
  if (!last || code === null || last.StatusCode !== null) return record;
  const ended: AsyncAttempt = { ...last, DurationMs: Math.max(0, nowMs - Date.parse(last.StartedAt)), StatusCode: code };
  const status: AsyncStatus = !endsElement(record, last.TryNumber, code) ? 'WaitingRetry' : code < 400 ? 'Succeeded' : deadLettered ? 'DeadLettered' : 'Failed';
  return { ...record, Status: status, Attempts: [...record.Attempts.slice(0, -1), ended] };
}

export function isFinal(status: AsyncStatus): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'DeadLettered';
}

/** How long the record is kept from now. */
export function recordTtlMs(record: AsyncRecord): number {
  return isFinal(record.Status) ? record.ttlMs : Math.max(record.ttlMs, PENDING_TTL_MS);
}

/** The JSON of `GET /async-function-status/{function}/{id}`. */
export function publicView(record: AsyncRecord): Pick<AsyncRecord, 'Id' | 'Function' | 'Status' | 'CreatedAt' | 'Attempts'> {
  const { Id, Function, Status, CreatedAt, Attempts } = record;
  return { Id, Function, Status, CreatedAt, Attempts };
}
