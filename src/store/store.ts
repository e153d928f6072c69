/**
 * The shared-state seam (platform.md §1.8.1). Every implementation (embedded SQLite, Redis)
 * passes the same contract suite (`src/store/store.case.ts`). All times are unix milliseconds
 * from the store's own clock, so that every node agrees on "now".
 */

/** Retry policy snapshot stored with each queue element (functions.md §2.1 `DefaultAsync`). */
export interface RetryPolicy {
  httpTimeoutSeconds: number;
  /** Delay before retry n is timeoutRetriesSeconds[n-1]; its length is the number of retries. */
  timeoutRetriesSeconds: number[];
  httpStatusRetries: number[];
}

/** One delivery attempt of a queue element. */
export interface QueueAttempt {
  startMs: number;
  /** 0 while the attempt is open. */
  endMs: number;
  httpCode: number;
  transactionId: string;
  reservedIp: string;
}

export interface QueueElement {
  id: string;
  value: Buffer;
  insertedAtMs: number;
  policy: RetryPolicy;
  attempts: QueueAttempt[];
}

export type QueueElementState = 'available' | 'running' | 'waiting' | 'finished';

/** Lightweight view used by the dispatcher and the metrics: no payload copies. */
export interface QueueSnapshot {
  available: number;
  running: number;
  waitingForRetry: number;
  /** Running elements with the pod IP reserved by their open attempt. */
  runningReservations: Array<{ id: string; reservedIp: string }>;
}

/** Internal result code that removes an element unconditionally. */
export const QUEUE_DELETE_CODE = 1000;

export class StoreError extends Error {
  constructor(
    message: string,
    /** `not-integer` | `overflow` | `too-large` | `unavailable` | `busy` | `fenced` (a leader-only write from a node that lost the lease) */
    readonly code: 'not-integer' | 'overflow' | 'too-large' | 'unavailable' | 'busy' | 'fenced',
  ) {
    super(message);
  }
}

/** A live entry's key and absolute expiry (store-clock unix ms; null = none). */
/**
 * `replayable`: a write that is made again when it is lost (the outcome of a delivery: the element
 * is then delivered again). Like a queue pop or callback, it survives a process crash once
 * acknowledged; a store may acknowledge it before it would also survive power loss (SQLite: no
 * fsync of its own; the next durable commit flushes it, in order).
 */
export interface WriteOptions {
  replayable?: boolean;
}

export interface KeyExpiry {
  key: string;
  expiresAtMs: number | null;
}

export interface Store {
  // A. Key/value entries with TTL and counters.
  get(key: string): Promise<Buffer | null>;
  /** Setting without a TTL removes any previous TTL. */
  set(key: string, value: Buffer | string, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Missing/expired counts as 0. A TTL given is (re)applied; without one an existing TTL is kept. */
  incrementInteger(key: string, delta: bigint | number, ttlMs?: number): Promise<bigint>;
  /**
   * Decimal increment (a string delta is exact decimal text: sign, digits, point, exponent); the
   * result is stored (and returned) as shortest round-trip decimal text.
   */
  incrementFloat(key: string, delta: number | string, ttlMs?: number): Promise<string>;
  /** Live (unexpired) key/value entries whose key starts with `prefix`, in key byte order. */
  scanKeys(prefix: string): Promise<KeyExpiry[]>;

  // B. Hashes with TTL.
  /** Merges fields; a TTL sets the hash expiry, no TTL removes it. */
  hashSet(key: string, fields: Record<string, Buffer | string>, ttlMs?: number, options?: WriteOptions): Promise<void>;
  /** Removes one field, or the whole hash when `field` is empty/undefined. */
  hashDelete(key: string, field?: string): Promise<void>;
  /** All fields; an expired or missing hash gives {}. */
  hashGetAll(key: string): Promise<Record<string, Buffer>>;
  /** Live hashes (at least one field, unexpired) whose key starts with `prefix`, in key byte order. */
  scanHashKeys(prefix: string): Promise<KeyExpiry[]>;

  // C. Queues with the per-attempt state machine.
  /** Appends (FIFO). Returns false when `id` is already in that queue (no-op). */
  queuePush(key: string, id: string, value: Buffer, policy: RetryPolicy): Promise<boolean>;
  /**
   * Atomically: closes timed-out open attempts with 504, removes finished elements, then (unless an
   * element's last attempt already carries `transactionId`) takes up to `count` available elements
   * in FIFO order and opens a new attempt on each (reservedIp = reservedIps[i] ?? '').
   * `fence` (leader-only callers, shared stores): when given and no longer the leader lease's
   * token, nothing is written and the call fails with StoreError 'fenced'. Replayable (WriteOptions).
   */
  queuePop(key: string, transactionId: string, count: number, reservedIps?: string[], fence?: string | null): Promise<QueueElement[]>;
  /** Closes the last attempt of each id with the code; removes finished elements; 1000 deletes. Replayable (WriteOptions). */
  queueCallback(key: string, results: Array<{ id: string; httpCode: number }>, fence?: string | null): Promise<void>;
  queueSnapshot(key: string): Promise<QueueSnapshot>;
  /**
   * Drops every attempt still open, in every queue, as if never made, so its element is
   * dispatched again: called by the node that has just become the only dispatcher (after a crash
   * of a single node, or by a new leader whose predecessor's callbacks are fenced). Returns how
   * many were released. `fence` as for queuePop.
   */
  recoverInterruptedAttempts(fence?: string | null): Promise<number>;
  /** Keys of every non-empty queue. */
  queueKeys(): Promise<string[]>;
  /** The subset of `ids` still in queue `key` (an ended element is gone). */
  queueContains(key: string, ids: string[]): Promise<Set<string>>;

  // D. Change signal: called after every committed queue mutation (push, pop, callback).
  onQueueChange(listener: (key: string) => void): () => void;

  /** Store clock (unix ms). */
  now(): Promise<number>;
  /**
   * Periodic housekeeping of the node's TTL cleaner (platform.md §1.7): expired entries removed,
   * storage compacted. Optional: a store that expires and compacts on its own has none.
   */
  maintain?(): Promise<void>;
  /** False while a shared store cannot be reached (`/ready` answers 503 then); absent = always available. */
  isAvailable?(): boolean;
  close(): Promise<void>;
}
