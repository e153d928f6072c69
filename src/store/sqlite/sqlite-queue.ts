/**
 * Queue operations over the `queue_element` table: each mutation runs in one immediate SQLite
 * transaction and applies the plans of the pure state machine (src/queue/queue-state.ts).
 */
import type Database from 'better-sqlite3';
import { planCallback, planPop, summarizeQueue, type QueueEntryState } from '../../queue/queue-state.js';
import type { QueueAttempt, QueueElement, QueueSnapshot, RetryPolicy } from '../store.js';

interface EntryRow {
  seq: number;
  id: string;
  policy: string;
  attempts: string;
}

function toEntry(row: EntryRow): QueueEntryState & { seq: number } {
  return {
    seq: row.seq,
    id: row.id,
    policy: JSON.parse(row.policy) as RetryPolicy,
    attempts: JSON.parse(row.attempts) as QueueAttempt[],
  };
}

export class SqliteQueueTable {
  private readonly insert;
  private readonly selectAttempted;
  private readonly selectFresh;
  private readonly countFresh;
  private readonly selectOne;
  private readonly selectPayload;
  private readonly updateAttempts;
  private readonly deleteOne;
  private readonly selectKeys;
  private readonly exists;
  private readonly popTxn;
  private readonly callbackTxn;
  private readonly snapshotTxn;
  private readonly releaseTxn;

  constructor(db: Database.Database) {
    this.insert = db.prepare<[string, string, Buffer, number, string]>(
      `INSERT INTO queue_element (queue_key, id, value, inserted_at, policy) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (queue_key, id) DO NOTHING`,
    );
    this.selectAttempted = db.prepare<[string], EntryRow>(
      `SELECT seq, id, policy, attempts FROM queue_element WHERE queue_key = ? AND attempt_count > 0 ORDER BY seq`,
    );
    this.selectFresh = db.prepare<[string, number], EntryRow>(
      `SELECT seq, id, policy, attempts FROM queue_element WHERE queue_key = ? AND attempt_count = 0
       ORDER BY seq LIMIT ?`,
    );
    this.countFresh = db
      .prepare<[string], number>(`SELECT count(*) FROM queue_element WHERE queue_key = ? AND attempt_count = 0`)
      .pluck();
    this.selectOne = db.prepare<[string, string], EntryRow>(
      `SELECT seq, id, policy, attempts FROM queue_element WHERE queue_key = ? AND id = ?`,
    );
    this.selectPayload = db.prepare<[string, string], { value: Buffer; inserted_at: number }>(
      `SELECT value, inserted_at FROM queue_element WHERE queue_key = ? AND id = ?`,
    );
    this.updateAttempts = db.prepare<[string, number, string, string]>(
      `UPDATE queue_element SET attempts = ?, attempt_count = ? WHERE queue_key = ? AND id = ?`,
    );
    this.deleteOne = db.prepare<[string, string]>(`DELETE FROM queue_element WHERE queue_key = ? AND id = ?`);
    this.exists = db.prepare<[string, string], number>(`SELECT 1 FROM queue_element WHERE queue_key = ? AND id = ?`).pluck();
    this.selectKeys = db.prepare<[], string>(`SELECT DISTINCT queue_key FROM queue_element ORDER BY queue_key`).pluck();
    this.popTxn = db.transaction(this.popInTxn.bind(this));
    this.callbackTxn = db.transaction(this.callbackInTxn.bind(this));
    this.snapshotTxn = db.transaction(this.snapshotInTxn.bind(this));
    this.releaseTxn = db.transaction(this.releaseInTxn.bind(this));
  }

  /** Returns true when the element was added. */
  push(key: string, id: string, value: Buffer, policy: RetryPolicy, nowMs: number): boolean {
    const snapshot: RetryPolicy = {
      httpTimeoutSeconds: policy.httpTimeoutSeconds,
      timeoutRetriesSeconds: [...policy.timeoutRetriesSeconds],
      httpStatusRetries: [...policy.httpStatusRetries],
    };
    return this.insert.run(key, id, value, nowMs, JSON.stringify(snapshot)).changes === 1;
  }

  pop(key: string, transactionId: string, count: number, reservedIps: string[], nowMs: number) {
    return this.popTxn.immediate(key, transactionId, count, reservedIps, nowMs);
  }

  /** Returns true when an element changed or was removed. */
  callback(key: string, results: Array<{ id: string; httpCode: number }>, nowMs: number): boolean {
    return this.callbackTxn.immediate(key, results, nowMs);
  }

  snapshot(key: string, nowMs: number): QueueSnapshot {
    return this.snapshotTxn.deferred(key, nowMs);
  }

  keys(): string[] {
    return this.selectKeys.all();
  }

  contains(key: string, ids: string[]): Set<string> {
    const found = new Set<string>();
    for (const id of ids) if (this.exists.get(key, id) !== undefined) found.add(id);
    return found;
  }

  /**
   * Crash recovery for the file's only owner: drops every still-open last attempt, so elements
   * whose delivery was interrupted by a crash become available again (at-least-once delivery).
   * Returns the keys of the queues that changed.
   */
  /** Drops every open attempt; returns the queues changed and how many attempts were dropped. */
  releaseOpenAttempts(): { keys: string[]; released: number } {
    return this.releaseTxn.immediate();
  }

  private releaseInTxn(): { keys: string[]; released: number } {
    const changedKeys = new Set<string>();
    let released = 0;
    for (const key of this.keys()) {
      for (const entry of this.selectAttempted.all(key).map(toEntry)) {
        const last = entry.attempts.at(-1);
        if (!last || last.endMs !== 0) continue;
        const attempts = entry.attempts.slice(0, -1);
        this.updateAttempts.run(JSON.stringify(attempts), attempts.length, key, entry.id);
        changedKeys.add(key);
        released++;
      }
    }
    return { keys: [...changedKeys], released };
  }

  private popInTxn(key: string, transactionId: string, count: number, reservedIps: string[], nowMs: number) {
    const limit = Number.isNaN(count) ? 0 : Math.min(Math.max(0, Math.floor(count)), 2 ** 31 - 1);
    // Never-attempted elements are available and untouched by housekeeping: only the first
    // `limit` of them can be taken, so the others are not read.
    const entries = [...this.selectAttempted.all(key), ...this.selectFresh.all(key, limit)]
      .map(toEntry)
      .sort((a, b) => a.seq - b.seq);
    const plan = planPop(entries, nowMs, transactionId, limit, reservedIps);
    this.apply(key, plan.changed, plan.removed);
    const byId = new Map(entries.map((e) => [e.id, e]));
    const elements: QueueElement[] = plan.taken.map((id) => {
      const entry = byId.get(id)!;
      const payload = this.selectPayload.get(key, id)!;
      return {
        id,
        value: payload.value,
        insertedAtMs: payload.inserted_at,
        policy: entry.policy,
        attempts: plan.changed.get(id) ?? entry.attempts,
      };
    });
    return { elements, changed: plan.changed.size > 0 || plan.removed.length > 0 };
  }

  private callbackInTxn(key: string, results: Array<{ id: string; httpCode: number }>, nowMs: number): boolean {
    const lookup = (id: string) => {
      const row = this.selectOne.get(key, id);
      return row ? toEntry(row) : undefined;
    };
    const plan = planCallback(lookup, results, nowMs);
    this.apply(key, plan.changed, plan.removed);
    return plan.changed.size > 0 || plan.removed.length > 0;
  }

  private snapshotInTxn(key: string, nowMs: number): QueueSnapshot {
    return summarizeQueue(this.selectAttempted.all(key).map(toEntry), nowMs, this.countFresh.get(key) ?? 0);
  }

  private apply(key: string, changed: Map<string, QueueAttempt[]>, removed: string[]): void {
    for (const id of removed) this.deleteOne.run(key, id);
    for (const [id, attempts] of changed) this.updateAttempts.run(JSON.stringify(attempts), attempts.length, key, id);
  }
}
