/**
 * Hashes in the `hash_field` table with a whole-hash expiry in `hash_expiry`: an expired hash
 * reads as {} and is deleted lazily; each mutation runs in one immediate transaction.
 */
import type Database from 'better-sqlite3';
import type { KeyExpiry } from '../store.js';

export class SqliteHashTable {
  private readonly selectExpiry;
  private readonly selectFields;
  private readonly countFields;
  private readonly upsertField;
  private readonly deleteField;
  private readonly deleteFields;
  private readonly upsertExpiry;
  private readonly deleteExpiry;
  private readonly sweepFields;
  private readonly sweepExpiries;
  private readonly setTxn;
  private readonly deleteTxn;
  private readonly getAllTxn;
  private readonly dropExpiredTxn;
  private readonly sweepTxn;
  private readonly selectPrefix;

  constructor(db: Database.Database) {
    this.selectExpiry = db
      .prepare<[string], number>(`SELECT expires_at FROM hash_expiry WHERE key = ?`)
      .pluck();
    this.selectFields = db.prepare<[string], { field: string; value: Buffer }>(
      `SELECT field, value FROM hash_field WHERE key = ? ORDER BY field`,
    );
    this.countFields = db.prepare<[string], number>(`SELECT count(*) FROM hash_field WHERE key = ?`).pluck();
    this.upsertField = db.prepare<[string, string, Buffer]>(
      `INSERT INTO hash_field (key, field, value) VALUES (?, ?, ?)
       ON CONFLICT (key, field) DO UPDATE SET value = excluded.value`,
    );
    this.deleteField = db.prepare<[string, string]>(`DELETE FROM hash_field WHERE key = ? AND field = ?`);
    this.deleteFields = db.prepare<[string]>(`DELETE FROM hash_field WHERE key = ?`);
    this.upsertExpiry = db.prepare<[string, number]>(
      `INSERT INTO hash_expiry (key, expires_at) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at`,
    );
    this.deleteExpiry = db.prepare<[string]>(`DELETE FROM hash_expiry WHERE key = ?`);
    this.sweepFields = db.prepare<[number]>(
      `DELETE FROM hash_field WHERE key IN (SELECT key FROM hash_expiry WHERE expires_at <= ?)`,
    );
    this.sweepExpiries = db.prepare<[number]>(`DELETE FROM hash_expiry WHERE expires_at <= ?`);
    this.selectPrefix = db.prepare<{ prefix: string; now: number }, { key: string; expires_at: number | null }>(
      `SELECT f.key AS key, e.expires_at AS expires_at
       FROM (SELECT DISTINCT key FROM hash_field WHERE key >= @prefix AND substr(key, 1, length(@prefix)) = @prefix) AS f
       LEFT JOIN hash_expiry AS e ON e.key = f.key
       WHERE e.expires_at IS NULL OR e.expires_at > @now
       ORDER BY f.key`,
    );

    this.setTxn = db.transaction((key: string, fields: Array<[string, Buffer]>, ttlMs: number | undefined, nowMs: number) => {
      this.dropIfExpired(key, nowMs);
      for (const [field, value] of fields) this.upsertField.run(key, field, value);
      if (ttlMs !== undefined && (this.countFields.get(key) ?? 0) > 0) this.upsertExpiry.run(key, nowMs + ttlMs);
      else this.deleteExpiry.run(key);
    });
    this.deleteTxn = db.transaction((key: string, field: string | undefined, nowMs: number) => {
      if (this.dropIfExpired(key, nowMs)) return;
      if (!field) {
        this.drop(key);
        return;
      }
      this.deleteField.run(key, field);
      if ((this.countFields.get(key) ?? 0) === 0) this.deleteExpiry.run(key);
    });
    this.getAllTxn = db.transaction((key: string, nowMs: number): Record<string, Buffer> | null => {
      const expiresAt = this.selectExpiry.get(key);
      if (expiresAt !== undefined && expiresAt <= nowMs) return null;
      // fromEntries defines own properties, so a field named "__proto__" stays a plain field.
      return Object.fromEntries(this.selectFields.all(key).map((row) => [row.field, row.value]));
    });
    this.dropExpiredTxn = db.transaction((key: string, nowMs: number) => this.dropIfExpired(key, nowMs));
    this.sweepTxn = db.transaction((nowMs: number) => {
      this.sweepFields.run(nowMs);
      return this.sweepExpiries.run(nowMs).changes;
    });
  }

  set(key: string, fields: Record<string, Buffer>, ttlMs: number | undefined, nowMs: number): void {
    this.setTxn.immediate(key, Object.entries(fields), ttlMs, nowMs);
  }

  delete(key: string, field: string | undefined, nowMs: number): void {
    this.deleteTxn.immediate(key, field, nowMs);
  }

  getAll(key: string, nowMs: number): Record<string, Buffer> {
    const fields = this.getAllTxn.deferred(key, nowMs);
    if (fields !== null) return fields;
    this.dropExpiredTxn.immediate(key, nowMs);
    return {};
  }

  /** Live hashes whose key starts with `prefix`, in key order. */
  scan(prefix: string, nowMs: number): KeyExpiry[] {
    return this.selectPrefix.all({ prefix, now: nowMs }).map((row) => ({ key: row.key, expiresAtMs: row.expires_at }));
  }

  /** Deletes every expired hash; returns how many. */
  sweep(nowMs: number): number {
    return this.sweepTxn.immediate(nowMs);
  }

  private dropIfExpired(key: string, nowMs: number): boolean {
    const expiresAt = this.selectExpiry.get(key);
    if (expiresAt === undefined || expiresAt > nowMs) return false;
    this.drop(key);
    return true;
  }

  private drop(key: string): void {
    this.deleteFields.run(key);
    this.deleteExpiry.run(key);
  }
}
