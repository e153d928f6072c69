/**
 * Dead letters (beyond upstream): an element that ended in failure (retries exhausted or a status
 * not retried) is kept as the hash `DeadLetter:<fn>:<id>` (captured request, retry snapshot, last
 * status, times) for `DeadLetterTtlSeconds`, at most `DeadLetterMaxItems` per function (oldest
 * dropped first). A spooled body stays in its file while the dead letter lives, so replay works.
 */
import type { Store, QueueElement, RetryPolicy } from '../store/store.js';
import type { HttpPolicy } from '../model/function-config.js';
import { queueKey } from '../queue/queue-keys.js';

const DEFAULT_DEAD_LETTER_TTL_SECONDS = 7 * 24 * 3600;
const DEFAULT_DEAD_LETTER_MAX_ITEMS = 1000;

const deadLetterPrefix = (fn: string): string => `DeadLetter:${fn}:`;
const deadLetterKey = (fn: string, id: string): string => `${deadLetterPrefix(fn)}${id}`;

export interface DeadLetter {
  id: string;
  value: Buffer;
  policy: RetryPolicy;
  lastStatus: number;
  tries: number;
  createdAtMs: number;
  deadAtMs: number;
  expiresAtMs: number | null;
}

/** Retention of a function's dead letters; null when off (`DeadLetterTtlSeconds: 0`). */
export function deadLetterSettings(policy: HttpPolicy): { ttlMs: number; maxItems: number } | null {
  const ttl = policy.DeadLetterTtlSeconds ?? DEFAULT_DEAD_LETTER_TTL_SECONDS;
  const maxItems = policy.DeadLetterMaxItems ?? DEFAULT_DEAD_LETTER_MAX_ITEMS;
  if (ttl <= 0 || maxItems <= 0) return null;
  return { ttlMs: ttl * 1000, maxItems };
}

/** Which live keys to drop so that at most `max` remain: those expiring first (= dead-lettered first). */
export function overCap(keys: Array<{ key: string; expiresAtMs: number | null }>, max: number): string[] {
  if (keys.length <= max) return [];
  const ordered = [...keys].sort((a, b) => (a.expiresAtMs ?? Infinity) - (b.expiresAtMs ?? Infinity) || (a.key < b.key ? -1 : 1));
  return ordered.slice(0, keys.length - max).map((k) => k.key);
}

export class DeadLetters {
  constructor(
    private readonly store: Store,
    /** Removes a spooled body (a dropped or deleted dead letter). */
    private readonly removeBody: (value: Buffer) => Promise<void>,
    private readonly onDropped: (fn: string, count: number) => void = () => undefined,
  ) {}

  /** Keeps an ended element; returns the ids dropped to respect the cap. */
  async add(fn: string, element: QueueElement, lastStatus: number, settings: { ttlMs: number; maxItems: number }): Promise<void> {
    await this.store.hashSet(deadLetterKey(fn, element.id), {
      value: element.value,
      policy: JSON.stringify(element.policy),
      lastStatus: String(lastStatus),
      tries: String(element.attempts.length),
      createdAt: String(element.insertedAtMs),
      deadAt: String(await this.store.now()),
    }, settings.ttlMs);
    const dropped = overCap(await this.store.scanHashKeys(deadLetterPrefix(fn)), settings.maxItems);
    for (const key of dropped) await this.remove(fn, key.slice(deadLetterPrefix(fn).length));
    if (dropped.length > 0) this.onDropped(fn, dropped.length);
  }

  async list(fn: string): Promise<DeadLetter[]> {
    const items: DeadLetter[] = [];
    for (const { key, expiresAtMs } of await this.store.scanHashKeys(deadLetterPrefix(fn))) {
      const item = await this.read(fn, key.slice(deadLetterPrefix(fn).length), expiresAtMs);
      if (item) items.push(item);
    }
    return items.sort((a, b) => a.deadAtMs - b.deadAtMs);
  }

  async count(fn: string): Promise<number> {
    return (await this.store.scanHashKeys(deadLetterPrefix(fn))).length;
  }

  async get(fn: string, id: string): Promise<DeadLetter | null> {
    const found = (await this.store.scanHashKeys(deadLetterKey(fn, id))).find((k) => k.key === deadLetterKey(fn, id));
    return found ? this.read(fn, id, found.expiresAtMs) : null;
  }

  /** The ids among `ids` that are dead letters of `fn` (their spooled bodies must stay). */
  async contains(fn: string, ids: string[]): Promise<Set<string>> {
    const live = new Set((await this.store.scanHashKeys(deadLetterPrefix(fn))).map((k) => k.key.slice(deadLetterPrefix(fn).length)));
    return new Set(ids.filter((id) => live.has(id)));
  }

  /** Queues the element again (same id, fresh attempts, its body kept); false when that id is queued already. */
  async replay(fn: string, item: DeadLetter): Promise<boolean> {
    if (!(await this.store.queuePush(queueKey(fn), item.id, item.value, item.policy))) return false;
    await this.store.hashDelete(deadLetterKey(fn, item.id));
    return true;
  }

  /** Deletes one dead letter and its spooled body; false when unknown. */
  async remove(fn: string, id: string): Promise<boolean> {
    const fields = await this.store.hashGetAll(deadLetterKey(fn, id));
    if (!fields.value) return false;
    await this.store.hashDelete(deadLetterKey(fn, id));
    await this.removeBody(fields.value);
    return true;
  }

  async removeAll(fn: string): Promise<number> {
    let removed = 0;
    for (const { key } of await this.store.scanHashKeys(deadLetterPrefix(fn))) {
      if (await this.remove(fn, key.slice(deadLetterPrefix(fn).length))) removed++;
    }
    return removed;
  }

  private async read(fn: string, id: string, expiresAtMs: number | null): Promise<DeadLetter | null> {
    const f = await this.store.hashGetAll(deadLetterKey(fn, id));
    if (!f.value) return null;
    return {
      id,
      value: f.value,
      policy: JSON.parse(f.policy?.toString() ?? '{}') as RetryPolicy,
      lastStatus: Number(f.lastStatus?.toString()),
      tries: Number(f.tries?.toString()),
      createdAtMs: Number(f.createdAt?.toString()),
      deadAtMs: Number(f.deadAt?.toString()),
      expiresAtMs,
    };
  }
}
