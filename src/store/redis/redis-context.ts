/**
 * What the key/value, hash and queue parts of a RedisStore share: the client, the key layout,
 * the clock argument every script receives, and the one call path that maps failures to
 * StoreErrors.
 */
import type { Redis } from 'ioredis';
import { toStoreError, unavailable } from './redis-errors.js';
import type { RedisKeys } from './redis-keys.js';
import { runScript, type LuaScript, type ScriptArg } from './redis-script.js';

export class RedisContext {
  closed = false;

  constructor(
    readonly client: Redis,
    readonly keys: RedisKeys,
    /** Store clock override (unix ms); undefined = Redis server TIME. */
    private readonly clock: (() => number) | undefined,
    /** This store instance, so that its own change messages are not delivered twice. */
    readonly origin: string,
  ) {}

  /** ARGV[1] of every script: '' = server TIME, else the fixed clock value. */
  clockArg(): string {
    return this.clock ? String(this.clock()) : '';
  }

  async now(): Promise<number> {
    if (this.clock) return this.clock();
    const [seconds, micros] = await this.call(() => this.client.time());
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  async script(script: LuaScript, keys: string[], args: ScriptArg[]): Promise<unknown> {
    return this.call(() => runScript(this.client, script, keys, args));
  }

  async call<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) throw unavailable('store is closed');
    try {
      return await operation();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

export function text(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}
