/**
 * Key/value entries and counters on Redis. Counters are read, computed with the shared counter
 * arithmetic (src/store/counter-text.ts, exactly the SQLite store's) and written back with a
 * compare-and-set script, retried while another writer got there first.
 */
import { addDecimal, addInteger } from '../counter-text.js';
import { StoreError, type KeyExpiry } from '../store.js';
import { text, type RedisContext } from './redis-context.js';
import { KV_DELETE, KV_GET, KV_READ, KV_SCAN, KV_SET, KV_SWAP } from './lua/kv-scripts.js';

const MAX_SWAP_ATTEMPTS = 100;

export class RedisKv {
  constructor(private readonly ctx: RedisContext) {}

  async get(key: string): Promise<Buffer | null> {
    const value = await this.ctx.script(KV_GET, [this.ctx.keys.kv(key)], [this.ctx.clockArg()]);
    return Buffer.isBuffer(value) ? value : null;
  }

  async set(key: string, value: Buffer, ttlMs: number | undefined): Promise<void> {
    const { keys } = this.ctx;
    await this.ctx.script(KV_SET, [keys.kv(key), keys.kvIndex], [this.ctx.clockArg(), key, value, ttlArg(ttlMs)]);
  }

  async delete(key: string): Promise<void> {
    const { keys } = this.ctx;
    await this.ctx.script(KV_DELETE, [keys.kv(key), keys.kvIndex], [key]);
  }

  async incrementInteger(key: string, delta: bigint | number, ttlMs: number | undefined): Promise<bigint> {
    let sum = 0n;
    await this.update(key, ttlMs, (current) => {
      sum = addInteger(current, delta);
      return sum.toString();
    });
    return sum;
  }

  async incrementFloat(key: string, delta: number | string, ttlMs: number | undefined): Promise<string> {
    let result = '';
    await this.update(key, ttlMs, (current) => (result = addDecimal(current, delta)));
    return result;
  }

  async scan(prefix: string): Promise<KeyExpiry[]> {
    const { keys } = this.ctx;
    const flat = (await this.ctx.script(KV_SCAN, [keys.kvIndex], [this.ctx.clockArg(), prefix, keys.kvPrefix])) as Buffer[];
    return pairsToExpiries(flat);
  }

  /** Read, compute (may throw, nothing written), compare-and-set; retried on a concurrent write. */
  private async update(key: string, ttlMs: number | undefined, next: (current: Buffer | null) => string): Promise<void> {
    const { keys } = this.ctx;
    const entry = keys.kv(key);
    for (let attempt = 0; attempt < MAX_SWAP_ATTEMPTS; attempt++) {
      const clock = this.ctx.clockArg();
      const [value, expiry, nowText] = (await this.ctx.script(KV_READ, [entry], [clock])) as [Buffer | null, Buffer | null, Buffer];
      const live = value !== null && (expiry === null || Number(text(expiry)) > Number(text(nowText)));
      const written = next(live ? value : null);
      const mode = ttlMs !== undefined ? 'ttl' : live ? 'keep' : 'none';
      const swapped = await this.ctx.script(KV_SWAP, [entry, keys.kvIndex], [
        this.ctx.clockArg(),
        key,
        value === null ? '0' : '1',
        value ?? '',
        expiry ?? '',
        written,
        mode,
        ttlArg(ttlMs),
      ]);
      if (swapped === 1) return;
      if (attempt >= 3) await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt, 20)));
    }
    throw new StoreError(`counter ${key} is updated too often concurrently`, 'busy');
  }
}

export function ttlArg(ttlMs: number | undefined): string {
  return ttlMs === undefined ? '' : String(ttlMs);
}

export function pairsToExpiries(flat: Buffer[]): KeyExpiry[] {
  const out: KeyExpiry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const expiry = text(flat[i + 1]);
    out.push({ key: text(flat[i]), expiresAtMs: expiry === '' ? null : Number(expiry) });
  }
  return out;
}
