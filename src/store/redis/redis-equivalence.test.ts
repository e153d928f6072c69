// Differential test: seeded random sequences of queue, key/value, counter and hash operations on
// the SQLite store and the Redis store with the same fake clock must give identical results.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../sqlite/sqlite-store.js';
import type { RetryPolicy, Store } from '../store.js';
import { dropNamespace, freshNamespace, openStore, sharedRedisServer } from './fixtures/redis-test-support.js';

const shared = sharedRedisServer();

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POLICIES: RetryPolicy[] = [
  { httpTimeoutSeconds: 1, timeoutRetriesSeconds: [], httpStatusRetries: [] },
  { httpTimeoutSeconds: 2, timeoutRetriesSeconds: [1], httpStatusRetries: [500] },
  { httpTimeoutSeconds: 1.5, timeoutRetriesSeconds: [1, 2], httpStatusRetries: [500, 503, 504] },
  { httpTimeoutSeconds: 3, timeoutRetriesSeconds: [0.5, 1, 1], httpStatusRetries: [504] },
];
const ADVANCES = [0, 0, 1, 250, 499, 500, 501, 999, 1000, 1001, 1500, 2000, 3000];
const CODES = [200, 202, 404, 500, 503, 504, 1000];
const QUEUES = ['Queue:a', 'Queue:b'];
const KEYS = ['c:1', 'c:2', 'k:1'];

type Op = (store: Store) => Promise<unknown>;

function randomOp(rand: () => number, step: number, txns: string[]): { name: string; op?: Op; advance?: number } {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const queue = pick(QUEUES);
  const r = rand();
  if (r < 0.15) return { name: 'advance', advance: pick(ADVANCES) };
  if (r < 0.35) {
    const id = `e${Math.floor(rand() * 12)}`;
    const policy = pick(POLICIES);
    return { name: `push ${queue} ${id}`, op: (s) => s.queuePush(queue, id, Buffer.from(`${id}@${step}`), policy) };
  }
  if (r < 0.55) {
    const txn = rand() < 0.3 && txns.length > 0 ? pick(txns) : `tx${step}`;
    txns.push(txn);
    const count = Math.floor(rand() * 4);
    const ips = Array.from({ length: Math.floor(rand() * 3) }, (_, i) => `10.0.0.${i + 1}`);
    return { name: `pop ${queue} ${txn} ${count}`, op: (s) => s.queuePop(queue, txn, count, ips) };
  }
  if (r < 0.72) {
    const results = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => ({ id: `e${Math.floor(rand() * 13)}`, httpCode: pick(CODES) }));
    return { name: `callback ${queue} ${JSON.stringify(results)}`, op: (s) => s.queueCallback(queue, results) };
  }
  if (r < 0.8) return { name: `snapshot ${queue}`, op: (s) => s.queueSnapshot(queue) };
  if (r < 0.84) return { name: 'queueKeys', op: (s) => s.queueKeys() };
  if (r < 0.87) return { name: `contains ${queue}`, op: async (s) => [...(await s.queueContains(queue, ['e1', 'e2', 'e3', 'e4']))].sort() };
  const key = pick(KEYS);
  const ttl = rand() < 0.5 ? undefined : pick([500, 1000, 2000]);
  const delta = Math.floor(rand() * 7) - 3;
  const value = rand() < 0.8 ? '5' : 'x';
  if (r < 0.9) return { name: `incrementInteger ${key} ${delta} ${ttl}`, op: (s) => s.incrementInteger(key, delta, ttl) };
  if (r < 0.92) return { name: `incrementFloat ${key} ${ttl}`, op: (s) => s.incrementFloat(key, '0.25', ttl) };
  if (r < 0.94) return { name: `set ${key} ${value} ${ttl}`, op: (s) => s.set(key, value, ttl) };
  if (r < 0.96) return { name: `get ${key}`, op: async (s) => (await s.get(key))?.toString() ?? null };
  if (r < 0.97) return { name: 'scanKeys', op: (s) => s.scanKeys('') };
  if (r < 0.985) {
    const field = pick(['f', 'g']);
    return { name: `hashSet h ${field} ${ttl}`, op: (s) => s.hashSet('h', { [field]: `${step}` }, ttl) };
  }
  if (r < 0.99) return { name: 'hashDelete h f', op: (s) => s.hashDelete('h', 'f') };
  return {
    name: 'hashGetAll h + scanHashKeys',
    op: async (s) => [Object.entries(await s.hashGetAll('h')).map(([f, v]) => [f, v.toString()]), await s.scanHashKeys('')],
  };
}

/** Runs one op, turning a rejection into a comparable value. */
async function outcome(op: Op, store: Store): Promise<unknown> {
  try {
    return { ok: await op(store) };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

describe('RedisStore equals SqliteStore on random operation sequences', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}`, async () => {
      const server = await shared;
      let t = 1_700_000_000_000;
      const clock = () => t;
      const dir = mkdtempSync(join(tmpdir(), 'slimfaas-equivalence-'));
      const sqlite = SqliteStore.open({ path: join(dir, 'store.db'), now: clock });
      const redis = await openStore(server, { namespace: freshNamespace('equivalence'), now: clock });
      const rand = prng(seed);
      const txns: string[] = [];
      try {
        for (let step = 0; step < 400; step++) {
          const { name, op, advance } = randomOp(rand, step, txns);
          if (advance !== undefined) {
            t += advance;
            continue;
          }
          const expected = await outcome(op!, sqlite);
          const actual = await outcome(op!, redis);
          assert.deepEqual(actual, expected, `seed ${seed} step ${step}: ${name}`);
        }
      } finally {
        await sqlite.close();
        await redis.close();
        await dropNamespace(server, redis.keys.prefix);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
