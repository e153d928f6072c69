/**
 * Embedded durable Store on one SQLite file (platform.md §1.8.1): every mutation is committed
 * before its promise resolves, so it survives `kill -9`; with `synchronous = FULL` (fsynced, so it
 * survives power loss too), except a group commit holding only replayable writes (WriteOptions).
 */
import type Database from 'better-sqlite3';
import { StoreError } from '../store.js';
import type { KeyExpiry, QueueElement, QueueSnapshot, RetryPolicy, Store, WriteOptions } from '../store.js';
import { SqliteHashTable } from './sqlite-hash.js';
import { SqliteKvTable } from './sqlite-kv.js';
import { SqliteQueueTable } from './sqlite-queue.js';
import { compactSqliteDatabase, openSqliteDatabase } from './sqlite-schema.js';

export interface SqliteStoreOptions {
  /** File path; its directory is created if missing. */
  path: string;
  /** Store clock (unix ms); defaults to Date.now. */
  now?: () => number;
}

/** A write waiting for the next group commit. */
interface PendingWrite {
  apply: (nowMs: number) => unknown;
  /** Made again when lost (WriteOptions): alone in a batch, it is committed without fsync. */
  replayable: boolean;
  resolve: (result: never) => void;
  reject: (error: unknown) => void;
}

export class SqliteStore implements Store {
  private readonly listeners = new Set<(key: string) => void>();
  private readonly kv: SqliteKvTable;
  private readonly hashes: SqliteHashTable;
  private readonly queues: SqliteQueueTable;
  private readonly writeBatchTxn: Database.Transaction<(batch: PendingWrite[], now: number) => unknown[]>;
  private pendingWrites: PendingWrite[] = [];
  private flushScheduled = false;
  /** Settles once the scheduled batch is committed (or failed); null when none is scheduled. */
  private batchSettled: Promise<void> | null = null;
  private settleBatch: (() => void) | null = null;
  private writeCommitCount = 0;
  /** Replayable batches skip the fsync only in WAL mode (consistent there without it). */
  private readonly wal: boolean;
  private readonly syncNormal: Database.Statement;
  private readonly syncFull: Database.Statement;
  private fsyncedCommitCount = 0;

  private constructor(
    private readonly db: Database.Database,
    private readonly clock: () => number,
  ) {
    this.kv = new SqliteKvTable(db);
    this.hashes = new SqliteHashTable(db);
    this.queues = new SqliteQueueTable(db);
    this.writeBatchTxn = db.transaction((batch: PendingWrite[], now: number) =>
      batch.map((p) => p.apply(now)),
    );
    this.wal = db.pragma('journal_mode', { simple: true }) === 'wal';
    this.syncNormal = db.prepare('PRAGMA synchronous = NORMAL');
    this.syncFull = db.prepare('PRAGMA synchronous = FULL');
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    return new SqliteStore(openSqliteDatabase(options.path), options.now ?? Date.now);
  }

  async get(key: string): Promise<Buffer | null> {
    return this.read(() => this.kv.get(key, this.clock()));
  }

  async set(key: string, value: Buffer | string, ttlMs?: number): Promise<void> {
    this.run(() => this.kv.set(key, toBuffer(value), ttlMs, this.clock()));
  }

  async delete(key: string): Promise<void> {
    this.run(() => this.kv.delete(key));
  }

  async incrementInteger(key: string, delta: bigint | number, ttlMs?: number): Promise<bigint> {
    return this.run(() => this.kv.incrementInteger(key, delta, ttlMs, this.clock()));
  }

  async incrementFloat(key: string, delta: number | string, ttlMs?: number): Promise<string> {
    return this.run(() => this.kv.incrementFloat(key, delta, ttlMs, this.clock()));
  }

  async scanKeys(prefix: string): Promise<KeyExpiry[]> {
    return this.read(() => this.kv.scan(prefix, this.clock()));
  }

  /** Group-committed with the queue writes (see enqueueWrite). */
  async hashSet(key: string, fields: Record<string, Buffer | string>, ttlMs?: number, options?: WriteOptions): Promise<void> {
    const buffers = Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, toBuffer(v)]));
    await this.enqueueWrite<void>((now) => this.hashes.set(key, buffers, ttlMs, now), options?.replayable === true);
  }

  async hashDelete(key: string, field?: string): Promise<void> {
    this.run(() => this.hashes.delete(key, field, this.clock()));
  }

  async hashGetAll(key: string): Promise<Record<string, Buffer>> {
    return this.read(() => this.hashes.getAll(key, this.clock()));
  }

  async scanHashKeys(prefix: string): Promise<KeyExpiry[]> {
    return this.read(() => this.hashes.scan(prefix, this.clock()));
  }

  /** Group-committed (see enqueueWrite). */
  async queuePush(key: string, id: string, value: Buffer, policy: RetryPolicy): Promise<boolean> {
    const added = await this.enqueueWrite((now) => this.queues.push(key, id, value, policy, now), false);
    if (added) this.emit(key);
    return added;
  }

  /**
   * Group commit: writes issued in the same event-loop turn are applied in one immediate
   * transaction (one fsync) on the next `setImmediate`; each promise resolves only after that
   * transaction has committed, and a failed transaction rejects every write of its batch. A batch
   * of replayable writes only (a burst's pops, completions and final statuses) is committed with
   * `synchronous = NORMAL`: in WAL mode it reaches the OS (it survives `kill -9`), and the next
   * fsynced commit makes it durable with everything before it (a power loss can only drop the
   * last such batches, whose elements are then delivered again).
   * A read waits for the batch pending when it was issued, so it sees every earlier write while
   * the writes issued around it still share one commit; any other write first flushes the batch.
   */
  private enqueueWrite<T>(apply: (nowMs: number) => T, replayable: boolean): Promise<T> {
    if (!this.db.open) return Promise.reject(new StoreError('store is closed', 'unavailable'));
    return new Promise<T>((resolve, reject) => {
      this.pendingWrites.push({ apply, replayable, resolve: resolve as (r: never) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.batchSettled = new Promise<void>((settle) => (this.settleBatch = settle));
        setImmediate(() => this.flushWrites());
      }
    });
  }

  /** Number of group-commit transactions committed so far (observability for tests). */
  get pushCommits(): number {
    return this.writeCommitCount;
  }

  /** How many of them were fsynced (the others held only replayable writes). */
  get fsyncedCommits(): number {
    return this.fsyncedCommitCount;
  }

  private flushWrites(): void {
    this.flushScheduled = false;
    const settle = this.settleBatch;
    this.batchSettled = this.settleBatch = null;
    try {
      this.commitPending();
    } finally {
      settle?.();
    }
  }

  private commitPending(): void {
    const batch = this.pendingWrites;
    if (batch.length === 0) return;
    this.pendingWrites = [];
    let results: unknown[];
    try {
      if (!this.db.open) throw new StoreError('store is closed', 'unavailable');
      const fsync = !this.wal || batch.some((p) => !p.replayable);
      const commit = () => this.writeBatchTxn.immediate(batch, this.clock());
      results = fsync ? commit() : this.withoutFsync(commit);
      this.writeCommitCount++;
      if (fsync) this.fsyncedCommitCount++;
    } catch (error) {
      const failure = error instanceof StoreError ? error : translateError(error);
      for (const p of batch) p.reject(failure);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i] as never));
  }

  /** `synchronous = NORMAL` for one commit (WAL mode: consistent, and kept by the OS on a crash). */
  private withoutFsync<T>(commit: () => T): T {
    this.syncNormal.run();
    try {
      return commit();
    } finally {
      this.syncFull.run();
    }
  }

  /** Group-committed (see enqueueWrite); replayable. */
  async queuePop(key: string, transactionId: string, count: number, reservedIps: string[] = []): Promise<QueueElement[]> {
    const { elements, changed } = await this.enqueueWrite((now) => this.queues.pop(key, transactionId, count, reservedIps, now), true);
    if (changed) this.emit(key);
    return elements;
  }

  /** Group-committed (see enqueueWrite); replayable. */
  async queueCallback(key: string, results: Array<{ id: string; httpCode: number }>): Promise<void> {
    if (results.length === 0) return;
    const changed = await this.enqueueWrite((now) => this.queues.callback(key, results, now), true);
    if (changed) this.emit(key);
  }

  async queueSnapshot(key: string): Promise<QueueSnapshot> {
    return this.read(() => this.queues.snapshot(key, this.clock()));
  }

  async queueKeys(): Promise<string[]> {
    return this.read(() => this.queues.keys());
  }

  async queueContains(key: string, ids: string[]): Promise<Set<string>> {
    return this.read(() => this.queues.contains(key, ids));
  }

  onQueueChange(listener: (key: string) => void): () => void {
    // Wrap so that the same function registered twice gets two independent subscriptions.
    const entry = (key: string) => listener(key);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  async now(): Promise<number> {
    return this.clock();
  }

  /** Deletes expired key/value entries and hashes (reads already hide them); returns how many. */
  async sweepExpired(): Promise<number> {
    return this.run(() => {
      const nowMs = this.clock();
      return this.kv.sweep(nowMs) + this.hashes.sweep(nowMs);
    });
  }

  /**
   * Deletes expired entries, then gives freed pages back to the file system and truncates the WAL,
   * so the file does not keep the high-water mark of a burst of large queue elements.
   */
  async maintain(): Promise<void> {
    await this.sweepExpired();
    this.run(() => compactSqliteDatabase(this.db));
  }

  /**
   * Call once at start-up, before dispatching: this process is the file's only owner, so any
   * attempt still open was interrupted by a crash and its element is made available again.
   */
  async recoverInterruptedAttempts(): Promise<number> {
    const { keys, released } = this.run(() => this.queues.releaseOpenAttempts());
    for (const key of keys) this.emit(key);
    return released;
  }

  async close(): Promise<void> {
    if (this.pendingWrites.length > 0) this.flushWrites();
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }

  private emit(key: string): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(key);
      } catch {
        // A failing listener must not break the mutation that already committed.
      }
    }
  }

  /** A read: after the batch pending now (when there is one), without flushing writes issued since. */
  private read<T>(operation: () => T): Promise<T> {
    const pending = this.batchSettled;
    if (pending !== null) return pending.then(() => this.execute(operation));
    try {
      return Promise.resolve(this.execute(operation));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private run<T>(operation: () => T): T {
    if (this.pendingWrites.length > 0) this.flushWrites();
    return this.execute(operation);
  }

  private execute<T>(operation: () => T): T {
    if (!this.db.open) throw new StoreError('store is closed', 'unavailable');
    try {
      return operation();
    } catch (error) {
      throw translateError(error);
    }
  }

}

function toBuffer(value: Buffer | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function translateError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
    return new StoreError(`store is busy: ${(error as Error).message}`, 'busy');
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_TOOBIG')) {
    return new StoreError(`value too large: ${(error as Error).message}`, 'too-large');
  }
  return error;
}
