/**
 * Backup and restore of dynamic schedules (jobs.md §10) when `SlimData:BackupDirectory` is set:
 * `schedule-jobs-backup.json` (`{"Hashsets":{"ScheduleJob:<name>":{"<id>":"<base64>"}}}`) written
 * atomically whenever its content changed; restored at start when the Store holds no schedule.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScheduleStore } from './schedule-store.js';

export const BACKUP_FILE = 'schedule-jobs-backup.json';

export class ScheduleBackup {
  private lastDigest: string | null = null;

  constructor(
    private readonly directory: string,
    private readonly schedules: ScheduleStore,
    private readonly definitions: () => Iterable<string>,
  ) {}

  /** Writes the backup when it differs from the last one this process wrote; returns whether it wrote. */
  async backup(): Promise<boolean> {
    const hashes = await this.schedules.rawHashes(this.definitions());
    const document = { Hashsets: Object.fromEntries(Object.entries(hashes).map(([key, fields]) => [key, Object.fromEntries(Object.entries(fields).map(([id, value]) => [id, value.toString('base64')]))])) };
    const text = JSON.stringify(document, null, 2);
    const digest = createHash('sha256').update(text).digest('hex');
    if (digest === this.lastDigest) return false;
    mkdirSync(this.directory, { recursive: true });
    const file = join(this.directory, BACKUP_FILE);
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    this.lastDigest = digest;
    return true;
  }

  /** Restores the file's schedules when the Store has none; returns how many schedules it wrote back. */
  async restoreIfEmpty(): Promise<number> {
    const file = join(this.directory, BACKUP_FILE);
    if (!existsSync(file)) return 0;
    if (Object.keys(await this.schedules.rawHashes(this.definitions())).length > 0) return 0;
    const document = JSON.parse(readFileSync(file, 'utf8')) as { Hashsets?: Record<string, Record<string, string>> };
    const hashes: Record<string, Record<string, Buffer>> = {};
    let count = 0;
    for (const [key, fields] of Object.entries(document.Hashsets ?? {})) {
      hashes[key] = Object.fromEntries(Object.entries(fields).map(([id, base64]) => [id, Buffer.from(base64, 'base64')]));
      count += Object.keys(fields).length;
    }
    await this.schedules.restoreRaw(hashes);
    return count;
  }
}
