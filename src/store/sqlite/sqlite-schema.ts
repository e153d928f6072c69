/**
 * Opens the SlimFaas SQLite file in WAL mode with `synchronous = FULL` (a committed transaction
 * survives a process kill), incremental auto-vacuum and a bounded WAL, and creates the key/value,
 * hash and queue tables if missing.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

const SCHEMA_VERSION = 1;
const INCREMENTAL = 2;
/** A checkpointed WAL is truncated to at most this size (bytes). */
const WAL_SIZE_LIMIT = 4 * 1024 * 1024;

const DDL = `
CREATE TABLE IF NOT EXISTS kv (
  key        TEXT PRIMARY KEY,
  value      BLOB NOT NULL,
  expires_at INTEGER
);
CREATE INDEX IF NOT EXISTS kv_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS hash_field (
  key   TEXT NOT NULL,
  field TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (key, field)
);
CREATE TABLE IF NOT EXISTS hash_expiry (
  key        TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS hash_expiry_at ON hash_expiry (expires_at);

CREATE TABLE IF NOT EXISTS queue_element (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  queue_key     TEXT NOT NULL,
  id            TEXT NOT NULL,
  value         BLOB NOT NULL,
  inserted_at   INTEGER NOT NULL,
  policy        TEXT NOT NULL,
  attempts      TEXT NOT NULL DEFAULT '[]',
  attempt_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (queue_key, id)
);
CREATE INDEX IF NOT EXISTS queue_element_by_state ON queue_element (queue_key, attempt_count, seq);
`;

export function openSqliteDatabase(path: string): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // Freed pages go back to the file system (compactSqliteDatabase); switching an older file
    // from auto_vacuum NONE needs one VACUUM.
    if ((db.pragma('auto_vacuum', { simple: true }) as number) !== INCREMENTAL) {
      db.pragma('auto_vacuum = INCREMENTAL');
      db.exec('VACUUM');
    }
    db.pragma('journal_mode = WAL');
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = OFF');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`store file ${path} has schema version ${version}, newer than ${SCHEMA_VERSION}`);
    }
    db.exec(DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Returns the free pages to the file system and truncates the WAL (both cheap when idle). */
export function compactSqliteDatabase(db: Database.Database): void {
  db.pragma('incremental_vacuum');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
