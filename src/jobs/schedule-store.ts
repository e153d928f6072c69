/**
 * Dynamic cron schedules in the Store (jobs.md §8.3–§8.4): hash `ScheduleJob:<name>` (field =
 * schedule id, value = the entry), and per schedule the execution key `ScheduleJob:<name>:<id>`
 * holding the Unix seconds of the last handled occurrence (TTL 366 days). A new schedule's key is
 * written at creation: that is its first observation, so it fires from the next occurrence on.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { ScheduleEntry } from './schedule-entry.js';

const EXECUTION_TTL_MS = 31_622_400_000;

export const scheduleKeyOf = (definition: string) => `ScheduleJob:${definition}`;
const executionKeyOf = (definition: string, id: string) => `ScheduleJob:${definition}:${id}`;

interface StoredSchedule {
  entry: ScheduleEntry;
  createdAtMs: number;
}

export class ScheduleStore {
  constructor(private readonly store: Store) {}

  async add(definition: string, entry: ScheduleEntry, nowMs: number): Promise<string> {
    const id = randomUUID();
    await this.store.hashSet(scheduleKeyOf(definition), { [id]: JSON.stringify({ entry, createdAtMs: nowMs } satisfies StoredSchedule) });
    await this.setHandled(definition, id, Math.floor(nowMs / 1000));
    return id;
  }

  /** The definition's dynamic schedules in creation order. */
  async list(definition: string): Promise<Array<{ id: string; entry: ScheduleEntry }>> {
    const fields = await this.store.hashGetAll(scheduleKeyOf(definition));
    const out: Array<{ id: string; entry: ScheduleEntry; at: number }> = [];
    for (const [id, value] of Object.entries(fields)) {
      try {
        const stored = JSON.parse(value.toString('utf8')) as StoredSchedule;
        out.push({ id, entry: stored.entry, at: stored.createdAtMs });
      } catch {
        // Not a schedule this version wrote.
      }
    }
    return out.sort((a, b) => a.at - b.at).map(({ id, entry }) => ({ id, entry }));
  }

  /** Removes a schedule; false when it does not exist. Its execution key expires by TTL. */
  async remove(definition: string, id: string): Promise<boolean> {
    if (id === '' || !Object.hasOwn(await this.store.hashGetAll(scheduleKeyOf(definition)), id)) return false;
    await this.store.hashDelete(scheduleKeyOf(definition), id);
    return true;
  }

  /** Unix seconds of the last handled occurrence, or null before the first observation. */
  async lastHandled(definition: string, id: string): Promise<number | null> {
    const raw = await this.store.get(executionKeyOf(definition, id));
    const value = raw === null ? NaN : Number(raw.toString('utf8'));
    return Number.isFinite(value) ? value : null;
  }

  async setHandled(definition: string, id: string, unixSeconds: number): Promise<void> {
    await this.store.set(executionKeyOf(definition, id), String(unixSeconds), EXECUTION_TTL_MS);
  }

  /** Raw fields of every non-empty schedule hash of these definitions (backup). */
  async rawHashes(definitions: Iterable<string>): Promise<Record<string, Record<string, Buffer>>> {
    const out: Record<string, Record<string, Buffer>> = {};
    for (const definition of definitions) {
      const fields = await this.store.hashGetAll(scheduleKeyOf(definition));
      if (Object.keys(fields).length > 0) out[scheduleKeyOf(definition)] = fields;
    }
    return out;
  }

  async restoreRaw(hashes: Record<string, Record<string, Buffer>>): Promise<void> {
    for (const [key, fields] of Object.entries(hashes)) if (key.startsWith('ScheduleJob:')) await this.store.hashSet(key, fields);
  }
}
