/**
 * Pure queue element state machine (functions.md §7.2, platform.md §1.8.1): given an element's
 * policy and attempts and a time, says whether it is available, running, waiting for retry or
 * finished, and plans the pop/callback mutations every Store implementation applies atomically.
 */
import { QUEUE_DELETE_CODE } from '../store/store.js';
import type { QueueAttempt, QueueElementState, QueueSnapshot, RetryPolicy } from '../store/store.js';

/** Status recorded on an attempt that exceeded its HTTP timeout. */
export const TIMEOUT_HTTP_CODE = 504;

/** What the state machine needs from an element (no payload). */
export interface QueueEntryState {
  id: string;
  policy: RetryPolicy;
  attempts: QueueAttempt[];
}

/** An open attempt whose `start + HttpTimeout <= now`. */
export function isAttemptTimedOut(attempt: QueueAttempt, policy: RetryPolicy, nowMs: number): boolean {
  return attempt.endMs === 0 && attempt.startMs + policy.httpTimeoutSeconds * 1000 <= nowMs;
}

/**
 * Whether attempt `tryNumber` (1-based) ends its element (§7.2 "Finished"): it ended with a status
 * not retried, or no retry is left. `httpCode` null: timed out without a recorded status.
 */
export function attemptEndsElement(policy: Pick<RetryPolicy, 'timeoutRetriesSeconds' | 'httpStatusRetries'>, tryNumber: number, httpCode: number | null): boolean {
  return (httpCode !== null && !policy.httpStatusRetries.includes(httpCode)) || tryNumber > policy.timeoutRetriesSeconds.length;
}

export function elementState(element: Omit<QueueEntryState, 'id'>, nowMs: number): QueueElementState {
  const { policy, attempts } = element;
  const n = attempts.length;
  if (n === 0) return 'available';
  const last = attempts[n - 1]!;
  const ended = last.endMs !== 0;
  const timedOut = isAttemptTimedOut(last, policy, nowMs);
  if (!ended && !timedOut) return 'running';

  if (attemptEndsElement(policy, n, ended ? last.httpCode : null)) return 'finished';

  // 1 <= n <= retries: the delay runs from the end, or from start + HttpTimeout when timed out.
  const delayMs = policy.timeoutRetriesSeconds[n - 1]! * 1000;
  const delayStartMs = ended ? last.endMs : last.startMs + policy.httpTimeoutSeconds * 1000;
  return nowMs - delayStartMs <= delayMs ? 'waiting' : 'available';
}

/** Returns the attempts with an open timed-out last attempt closed as 504 at `nowMs`, or null if unchanged. */
export function closeTimedOutAttempt(element: Omit<QueueEntryState, 'id'>, nowMs: number): QueueAttempt[] | null {
  const last = element.attempts[element.attempts.length - 1];
  if (!last || !isAttemptTimedOut(last, element.policy, nowMs)) return null;
  return closeLastAttempt(element.attempts, nowMs, TIMEOUT_HTTP_CODE);
}

/** Returns a copy of the attempts whose last attempt has end = now and the status (same array if empty). */
export function closeLastAttempt(attempts: QueueAttempt[], nowMs: number, httpCode: number): QueueAttempt[] {
  if (attempts.length === 0) return attempts;
  const last = attempts[attempts.length - 1]!;
  return [...attempts.slice(0, -1), { ...last, endMs: nowMs, httpCode }];
}

export function openAttempt(
  attempts: QueueAttempt[],
  nowMs: number,
  transactionId: string,
  reservedIp: string,
): QueueAttempt[] {
  return [...attempts, { startMs: nowMs, endMs: 0, httpCode: 0, transactionId, reservedIp }];
}

/** Mutations a store applies for one pop or callback; `changed` holds the new attempts of kept elements. */
export interface QueuePlan {
  changed: Map<string, QueueAttempt[]>;
  removed: string[];
}

export interface PopPlan extends QueuePlan {
  /** Ids handed out, FIFO order; their new attempts are in `changed` (absent on a replay). */
  taken: string[];
  /** True when an element's last attempt already carried the transaction id (no new attempt opened). */
  replay: boolean;
}

/**
 * Plans a pop over `entries` given in FIFO order. It may omit never-attempted elements beyond the
 * first `count` of them (they cannot be touched). Steps: close timed-out attempts (504), remove
 * finished elements, then either replay (return the still-running elements whose last attempt
 * carries `transactionId`) or open a new attempt on up to `count` available elements.
 */
export function planPop(
  entries: readonly QueueEntryState[],
  nowMs: number,
  transactionId: string,
  count: number,
  reservedIps: readonly string[] = [],
): PopPlan {
  const changed = new Map<string, QueueAttempt[]>();
  const removed: string[] = [];
  const kept: QueueEntryState[] = [];
  for (const entry of entries) {
    const closed = closeTimedOutAttempt(entry, nowMs);
    const current = closed ? { ...entry, attempts: closed } : entry;
    if (elementState(current, nowMs) === 'finished') {
      removed.push(entry.id);
      continue;
    }
    if (closed) changed.set(entry.id, closed);
    kept.push(current);
  }

  const lastTxn = (e: QueueEntryState) => e.attempts[e.attempts.length - 1]?.transactionId;
  if (transactionId !== '' && kept.some((e) => lastTxn(e) === transactionId)) {
    const taken = kept
      .filter((e) => lastTxn(e) === transactionId && elementState(e, nowMs) === 'running')
      .map((e) => e.id);
    return { changed, removed, taken, replay: true };
  }

  const taken: string[] = [];
  for (const entry of kept) {
    if (taken.length >= count) break;
    if (elementState(entry, nowMs) !== 'available') continue;
    const reservedIp = reservedIps[taken.length] ?? '';
    changed.set(entry.id, openAttempt(entry.attempts, nowMs, transactionId, reservedIp));
    taken.push(entry.id);
  }
  return { changed, removed, taken, replay: false };
}

/**
 * Plans a callback: each known id gets its last attempt closed with the code (applied in order)
 * and is removed once finished; code 1000 removes unconditionally; unknown ids and elements
 * never attempted are ignored.
 */
export function planCallback(
  lookup: (id: string) => QueueEntryState | undefined,
  results: ReadonlyArray<{ id: string; httpCode: number }>,
  nowMs: number,
): QueuePlan {
  const changed = new Map<string, QueueAttempt[]>();
  const removed = new Set<string>();
  for (const { id, httpCode } of results) {
    if (removed.has(id)) continue;
    const entry = lookup(id);
    if (!entry) continue;
    if (httpCode === QUEUE_DELETE_CODE) {
      changed.delete(id);
      removed.add(id);
      continue;
    }
    const attempts = changed.get(id) ?? entry.attempts;
    if (attempts.length === 0) continue;
    const closed = closeLastAttempt(attempts, nowMs, httpCode);
    if (elementState({ policy: entry.policy, attempts: closed }, nowMs) === 'finished') {
      changed.delete(id);
      removed.add(id);
    } else {
      changed.set(id, closed);
    }
  }
  return { changed, removed: [...removed] };
}

/** Counts and running reservations of a queue (finished elements are not counted). */
export function summarizeQueue(
  entries: Iterable<QueueEntryState>,
  nowMs: number,
  neverAttempted = 0,
): QueueSnapshot {
  const snapshot: QueueSnapshot = { available: neverAttempted, running: 0, waitingForRetry: 0, runningReservations: [] };
  for (const entry of entries) {
    const state = elementState(entry, nowMs);
    if (state === 'available') snapshot.available++;
    else if (state === 'waiting') snapshot.waitingForRetry++;
    else if (state === 'running') {
      snapshot.running++;
      snapshot.runningReservations.push({ id: entry.id, reservedIp: entry.attempts.at(-1)!.reservedIp });
    }
  }
  return snapshot;
}
