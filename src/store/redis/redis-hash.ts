/** Store hashes on Redis: merge, delete, read and prefix scan, each one script. */
import type { KeyExpiry } from '../store.js';
import { text, type RedisContext } from './redis-context.js';
import { pairsToExpiries, ttlArg } from './redis-kv.js';
import { HASH_DELETE, HASH_GET_ALL, HASH_SCAN, HASH_SET } from './lua/hash-scripts.js';

export class RedisHashes {
  constructor(private readonly ctx: RedisContext) {}

  async set(key: string, fields: Record<string, Buffer>, ttlMs: number | undefined): Promise<void> {
    const { keys } = this.ctx;
    const pairs = Object.entries(fields).flatMap(([field, value]) => [field, value]);
    await this.ctx.script(HASH_SET, [keys.hash(key), keys.hashIndex], [this.ctx.clockArg(), key, ttlArg(ttlMs), ...pairs]);
  }

  async delete(key: string, field: string | undefined): Promise<void> {
    const { keys } = this.ctx;
    await this.ctx.script(HASH_DELETE, [keys.hash(key), keys.hashIndex], [this.ctx.clockArg(), key, field ?? '']);
  }

  async getAll(key: string): Promise<Record<string, Buffer>> {
    const flat = (await this.ctx.script(HASH_GET_ALL, [this.ctx.keys.hash(key)], [this.ctx.clockArg()])) as Buffer[];
    const entries: Array<[string, Buffer]> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) entries.push([text(flat[i]), flat[i + 1]!]);
    entries.sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    // fromEntries defines own properties, so a field named "__proto__" stays a plain field.
    return Object.fromEntries(entries);
  }

  async scan(prefix: string): Promise<KeyExpiry[]> {
    const { keys } = this.ctx;
    const flat = (await this.ctx.script(HASH_SCAN, [keys.hashIndex], [this.ctx.clockArg(), prefix, keys.hashPrefix])) as Buffer[];
    return pairsToExpiries(flat);
  }
}
