/**
 * Shares the scraped-series snapshot through the Store (autoscaling.md §5.5): the leader writes
 * `metrics:store` then a fresh random `metrics:store:version` (both with a 30-minute TTL) at most
 * every 30 s when the store is not empty; a node that becomes leader, or a follower, hydrates from
 * it when the version changed, so range queries keep working across a leadership change.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { SeriesSnapshot, SeriesStore } from './series-store.js';

export const SNAPSHOT_KEY = 'metrics:store';
export const VERSION_KEY = 'metrics:store:version';
const TTL_MS = 30 * 60_000;
const PERSIST_EVERY_MS = 30_000;

export class SeriesPersistence {
  private lastPersistMs = -Infinity;
  private lastVersion: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly series: SeriesStore,
  ) {}

  async persistIfDue(nowMs: number): Promise<boolean> {
    if (nowMs - this.lastPersistMs < PERSIST_EVERY_MS || this.series.size === 0) return false;
    this.lastPersistMs = nowMs;
    const version = randomBytes(16).toString('hex');
    await this.store.set(SNAPSHOT_KEY, JSON.stringify(this.series.snapshot()), TTL_MS);
    await this.store.set(VERSION_KEY, version, TTL_MS);
    this.lastVersion = version;
    return true;
  }

  /** Replaces the local series with the shared snapshot when it is newer than the last one seen. */
  async hydrate(): Promise<boolean> {
    const version = (await this.store.get(VERSION_KEY))?.toString('utf8') ?? null;
    if (version === null || version === this.lastVersion) return false;
    const payload = await this.store.get(SNAPSHOT_KEY);
    if (!payload) return false;
    const snapshot = JSON.parse(payload.toString('utf8')) as SeriesSnapshot;
    if (snapshot?.v !== 1 || !Array.isArray(snapshot.series)) return false;
    this.series.restore(snapshot);
    this.lastVersion = version;
    return true;
  }
}
