/**
 * Key/value entries with optional absolute expiry in the `kv` table: expired entries read as
 * missing and are deleted lazily; read-modify-write increments run in immediate transactions.
 */
import type Database from 'better-sqlite3';
import { addDecimal, addInteger } from '../counter-text.js';
import type { KeyExpiry } from '../store.js';

interface KvRow {
  value: Buffer;
  expires_at: number | null;
}

export class SqliteKvTable {
  private readonly selectOne;
  private readonly upsert;
  private readonly deleteOne;
  private readonly deleteIfExpired;
  private readonly deleteExpired;
  private readonly incrementTxn;
  private readonly selectPrefix;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare<[string], KvRow>(`SELECT value, expires_at FROM kv WHERE key = ?`);
    this.upsert = db.prepare<[string, Buffer, number | null]>(
      `INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    );
    this.deleteOne = db.prepare<[string]>(`DELETE FROM kv WHERE key = ?`);
    this.deleteIfExpired = db.prepare<[string, number]>(`DELETE FROM kv WHERE key = ? AND expires_at <= ?`);
    this.deleteExpired = db.prepare<[number]>(`DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?`);
    // The lower bound walks the primary-key index from the prefix; substr keeps only its keys.
    this.selectPrefix = db.prepare<{ prefix: string; now: number }, { key: string; expires_at: number | null }>(
      `SELECT key, expires_at FROM kv
       WHERE key >= @prefix AND substr(key, 1, length(@prefix)) = @prefix AND (expires_at IS NULL OR expires_at > @now)
       ORDER BY key`,
    );
    this.incrementTxn = db.transaction(
      (key: string, ttlMs: number | undefined, nowMs: number, next: (current: Buffer | null) => Buffer): void => {
        const row = this.live(key, nowMs);
        const value = next(row?.value ?? null);
        const expiresAt = ttlMs !== undefined ? nowMs + ttlMs : (row?.expires_at ?? null);
        this.upsert.run(key, value, expiresAt);
      },
    );
  }

  get(key: string, nowMs: number): Buffer | null {
    return this.live(key, nowMs)?.value ?? null;
  }

  set(key: string, value: Buffer, ttlMs: number | undefined, nowMs: number): void {
    this.upsert.run(key, value, ttlMs !== undefined ? nowMs + ttlMs : null);
  }

  delete(key: string): void {
    this.deleteOne.run(key);
  }

  incrementInteger(key: string, delta: bigint | number, ttlMs: number | undefined, nowMs: number): bigint {
    let sum = 0n;
    this.incrementTxn.immediate(key, ttlMs, nowMs, (current) => {
      sum = addInteger(current, delta);
      return Buffer.from(sum.toString(), 'utf8');
    });
    return sum;
  }

  incrementFloat(key: string, delta: number | string, ttlMs: number | undefined, nowMs: number): string {
    let text = '';
    this.incrementTxn.immediate(key, ttlMs, nowMs, (current) => {
      text = addDecimal(current, delta);
      return Buffer.from(text, 'utf8');
    });
    return text;
  }

  /** Live entries whose key starts with `prefix`, in key order. */
  scan(prefix: string, nowMs: number): KeyExpiry[] {
    return this.selectPrefix.all({ prefix, now: nowMs }).map((row) => ({ key: row.key, expiresAtMs: row.expires_at }));
  }

  /** Deletes every expired entry; returns how many. */
  sweep(nowMs: number): number {
    return this.deleteExpired.run(nowMs).changes;
  }

  private live(key: string, nowMs: number): KvRow | undefined {
    const row = this.selectOne.get(key);
    if (row && row.expires_at !== null && row.expires_at <= nowMs) {
      this.deleteIfExpired.run(key, nowMs);
      return undefined;
    }
    return row;
  }
}
