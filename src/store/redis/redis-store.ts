/**
 * The shared Store on Redis (decision 1, platform.md §1.8.1): every key under
 * `{slimfaas:<namespace>}:`, each mutation one Lua script evaluated atomically on the Redis server
 * clock, a change signal over pub/sub, and fail-fast `unavailable` errors while Redis cannot be
 * reached (the client reconnects and resubscribes by itself). With `appendonly yes` and
 * `appendfsync always` a write is durable once its promise resolves.
 */
import { randomUUID } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import type { KeyExpiry, QueueElement, QueueSnapshot, RetryPolicy, Store } from '../store.js';
import { createRedisClient, waitUntilReady } from './redis-connection.js';
import { RedisContext } from './redis-context.js';
import { unavailable } from './redis-errors.js';
import { RedisHashes } from './redis-hash.js';
import { DEFAULT_NAMESPACE, RedisKeys } from './redis-keys.js';
import { RedisKv } from './redis-kv.js';
import { RedisQueues } from './redis-queue.js';
import { QueueChangeSignal } from './redis-signal.js';
import { INDEX_PRUNE } from './lua/index-prune.js';

export interface RedisStoreOptions {
  /**
   * `redis://[[user]:password@]host[:port][/db]`, `rediss://…` (TLS), or Sentinel:
   * `redis+sentinel://[[user]:password@]host[:port][,host[:port]…]/<master>[/<db>][?sentinelPassword=…]`
   * (`rediss+sentinel://` with TLS).
   */
  url: string;
  /** Key namespace (SlimFaas__Namespace); keys live under `{slimfaas:<namespace>}:`. Default `default`. */
  namespace?: string;
  /** Extra ioredis options (e.g. `tls: { ca }`, `sentinels`, `name`), applied over the defaults. */
  redis?: RedisOptions;
  /**
   * Clock override (unix ms) passed to every script instead of Redis `TIME`. For tests with a fake
   * clock only: nodes must share the server clock.
   */
  now?: () => number;
  /** A command without a reply within this time fails `unavailable`. Default 3000. */
  commandTimeoutMs?: number;
  /** Bound of one connection attempt and of `open` waiting for readiness. Default 3000. */
  connectTimeoutMs?: number;
  /** `open` resolves only once connected (default true); false: at once, operations fail until then. */
  waitUntilReady?: boolean;
}

export interface PersistenceSettings {
  appendonly: string;
  appendfsync: string;
  maxmemoryPolicy: string;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const PRUNE_BATCH = 500;
const PRUNE_BATCHES_PER_CALL = 10;

export class RedisStore implements Store {
  readonly keys: RedisKeys;
  private readonly ctx: RedisContext;
  private readonly kv: RedisKv;
  private readonly hashes: RedisHashes;
  private readonly queues: RedisQueues;
  private readonly signal: QueueChangeSignal;
  private readonly pruneCursors = new Map<string, string>();

  private constructor(
    private readonly redis: Redis,
    private readonly options: RedisStoreOptions,
  ) {
    this.keys = new RedisKeys(options.namespace ?? DEFAULT_NAMESPACE);
    this.ctx = new RedisContext(redis, this.keys, options.now, randomUUID());
    this.kv = new RedisKv(this.ctx);
    this.hashes = new RedisHashes(this.ctx);
    this.queues = new RedisQueues(this.ctx);
    this.signal = new QueueChangeSignal(redis, this.keys.channel, this.ctx.origin, () => this.queues.keys());
  }

  static async open(options: RedisStoreOptions): Promise<RedisStore> {
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const client = createRedisClient({
      url: options.url,
      redis: options.redis,
      commandTimeoutMs: options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      connectTimeoutMs,
    });
    const store = new RedisStore(client, options);
    if (options.waitUntilReady === false) {
      client.connect().catch(() => undefined);
      return store;
    }
    try {
      await waitUntilReady(client, connectTimeoutMs, options.url);
    } catch (error) {
      client.disconnect();
      throw error;
    }
    return store;
  }

  /** The main connection (for companions in the same process, e.g. a leader lease). */
  get client(): Redis {
    return this.redis;
  }

  /** True while the connection is up (a cheap check for `/ready`). */
  isAvailable(): boolean {
    return !this.ctx.closed && this.redis.status === 'ready';
  }

  /** One round trip; throws StoreError `unavailable` when Redis does not answer. */
  async ping(): Promise<void> {
    await this.ctx.call(() => this.redis.ping());
  }

  /** Resolves once connected (e.g. after a restart), or rejects `unavailable` after the timeout. */
  async waitUntilReady(timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS): Promise<void> {
    if (this.ctx.closed) throw unavailable('store is closed');
    await waitUntilReady(this.redis, timeoutMs, this.options.url);
  }

  /** Resolves once the change subscription listens (true), false after the timeout. */
  async changeSignalListening(timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS): Promise<boolean> {
    return this.signal.listening(timeoutMs);
  }

  /**
   * The server's persistence and eviction settings, for a start-up warning: durable acceptance
   * needs `appendonly yes` with `appendfsync always`, and queues need `maxmemory-policy noeviction`.
   * Null when the server refuses CONFIG (some managed services).
   */
  async persistenceSettings(): Promise<PersistenceSettings | null> {
    const reply = await this.ctx.call(async () => {
      try {
        return (await this.redis.config('GET', 'appendonly', 'appendfsync', 'maxmemory-policy')) as unknown as string[];
      } catch (error) {
        if (error instanceof Error && error.name === 'ReplyError') return null; // CONFIG disabled or not permitted
        throw error;
      }
    });
    if (reply === null) return null;
    const values = new Map<string, string>();
    for (let i = 0; i + 1 < reply.length; i += 2) values.set(reply[i]!, reply[i + 1]!);
    return {
      appendonly: values.get('appendonly') ?? '',
      appendfsync: values.get('appendfsync') ?? '',
      maxmemoryPolicy: values.get('maxmemory-policy') ?? '',
    };
  }

  get(key: string): Promise<Buffer | null> {
    return this.kv.get(key);
  }

  async set(key: string, value: Buffer | string, ttlMs?: number): Promise<void> {
    await this.kv.set(key, toBuffer(value), ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  incrementInteger(key: string, delta: bigint | number, ttlMs?: number): Promise<bigint> {
    return this.kv.incrementInteger(key, delta, ttlMs);
  }

  incrementFloat(key: string, delta: number | string, ttlMs?: number): Promise<string> {
    return this.kv.incrementFloat(key, delta, ttlMs);
  }

  scanKeys(prefix: string): Promise<KeyExpiry[]> {
    return this.kv.scan(prefix);
  }

  async hashSet(key: string, fields: Record<string, Buffer | string>, ttlMs?: number): Promise<void> {
    const buffers = Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, toBuffer(v)]));
    await this.hashes.set(key, buffers, ttlMs);
  }

  async hashDelete(key: string, field?: string): Promise<void> {
    await this.hashes.delete(key, field);
  }

  hashGetAll(key: string): Promise<Record<string, Buffer>> {
    return this.hashes.getAll(key);
  }

  scanHashKeys(prefix: string): Promise<KeyExpiry[]> {
    return this.hashes.scan(prefix);
  }

  async queuePush(key: string, id: string, value: Buffer, policy: RetryPolicy): Promise<boolean> {
    const added = await this.queues.push(key, id, value, policy);
    if (added) this.signal.emit(key);
    return added;
  }

  async queuePop(key: string, transactionId: string, count: number, reservedIps: string[] = [], fence?: string | null): Promise<QueueElement[]> {
    const { elements, changed } = await this.queues.pop(key, transactionId, count, reservedIps, fence ?? '');
    if (changed) this.signal.emit(key);
    return elements;
  }

  async queueCallback(key: string, results: Array<{ id: string; httpCode: number }>, fence?: string | null): Promise<void> {
    if (results.length === 0) return;
    if (await this.queues.callback(key, results, fence ?? '')) this.signal.emit(key);
  }

  async recoverInterruptedAttempts(fence?: string | null): Promise<number> {
    let released = 0;
    for (const key of await this.queues.keys()) {
      const n = await this.queues.release(key, fence ?? '');
      if (n > 0) this.signal.emit(key);
      released += n;
    }
    return released;
  }

  queueSnapshot(key: string): Promise<QueueSnapshot> {
    return this.queues.snapshot(key);
  }

  queueKeys(): Promise<string[]> {
    return this.queues.keys();
  }

  queueContains(key: string, ids: string[]): Promise<Set<string>> {
    return this.queues.contains(key, ids);
  }

  onQueueChange(listener: (key: string) => void): () => void {
    return this.signal.add(listener);
  }

  now(): Promise<number> {
    return this.ctx.now();
  }

  /**
   * Redis expires entries itself; this only drops, a bounded batch per call, the scan-index
   * members of entries that expired natively and were not listed since.
   */
  async maintain(): Promise<void> {
    for (const [index, prefix] of [
      [this.keys.kvIndex, this.keys.kvPrefix],
      [this.keys.hashIndex, this.keys.hashPrefix],
    ] as const) {
      let cursor = this.pruneCursors.get(index) ?? '';
      for (let batch = 0; batch < PRUNE_BATCHES_PER_CALL; batch++) {
        const [next] = (await this.ctx.script(INDEX_PRUNE, [index], [prefix, cursor, PRUNE_BATCH])) as [Buffer, number];
        cursor = next.toString('utf8');
        if (cursor === '') break;
      }
      this.pruneCursors.set(index, cursor);
    }
  }

  async close(): Promise<void> {
    if (this.ctx.closed) return;
    this.ctx.closed = true;
    await this.signal.close();
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}

function toBuffer(value: Buffer | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}
