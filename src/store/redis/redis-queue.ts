/**
 * Queues on Redis: each transition (push, pop, callback) is one Lua script applying the rules of
 * src/queue/queue-state.ts atomically on the store clock and publishing the change; the snapshot
 * and membership reads are scripts too.
 */
import type { QueueAttempt, QueueElement, QueueSnapshot, RetryPolicy } from '../store.js';
import { text, type RedisContext } from './redis-context.js';
import { QUEUE_CALLBACK } from './lua/queue-callback.js';
import { QUEUE_POP } from './lua/queue-pop.js';
import { QUEUE_PUSH } from './lua/queue-push.js';
import { QUEUE_RELEASE } from './lua/queue-release.js';
import { QUEUE_CONTAINS, QUEUE_SNAPSHOT } from './lua/queue-read.js';

type StoredAttempt = [number, number, number, string, string];

export class RedisQueues {
  constructor(private readonly ctx: RedisContext) {}

  /** Returns true when the element was added. */
  async push(key: string, id: string, value: Buffer, policy: RetryPolicy): Promise<boolean> {
    const { keys } = this.ctx;
    const q = keys.queue(key);
    const snapshot: RetryPolicy = {
      httpTimeoutSeconds: policy.httpTimeoutSeconds,
      timeoutRetriesSeconds: [...policy.timeoutRetriesSeconds],
      httpStatusRetries: [...policy.httpStatusRetries],
    };
    const added = await this.ctx.script(QUEUE_PUSH, [q.fresh, q.meta, q.body, keys.queueSeq, keys.queueIndex], [
      this.ctx.clockArg(),
      key,
      id,
      value,
      JSON.stringify(snapshot),
      keys.channel,
      this.ctx.origin,
    ]);
    return added === 1;
  }

  async pop(key: string, transactionId: string, count: number, reservedIps: string[], fence = '') {
    const limit = Number.isNaN(count) ? 0 : Math.min(Math.max(0, Math.floor(count)), 2 ** 31 - 1);
    const reply = (await this.ctx.script(QUEUE_POP, [...this.queueKeys(key), this.ctx.keys.leader], [
      this.ctx.clockArg(),
      key,
      transactionId,
      limit,
      this.ctx.keys.channel,
      this.ctx.origin,
      fence,
      ...reservedIps,
    ])) as [number, ...Buffer[]];
    const [changed, ...flat] = reply;
    const elements: QueueElement[] = [];
    for (let i = 0; i + 4 < flat.length; i += 5) {
      elements.push({
        id: text(flat[i]),
        value: flat[i + 1]!,
        insertedAtMs: Number(text(flat[i + 2])),
        policy: JSON.parse(text(flat[i + 3])) as RetryPolicy,
        attempts: decodeAttempts(flat[i + 4]!),
      });
    }
    return { elements, changed: changed === 1 };
  }

  /** Returns true when an element changed or was removed. */
  async callback(key: string, results: Array<{ id: string; httpCode: number }>, fence = ''): Promise<boolean> {
    const pairs = results.flatMap(({ id, httpCode }) => [id, Number.isFinite(httpCode) ? httpCode : 0]);
    const changed = await this.ctx.script(QUEUE_CALLBACK, [...this.queueKeys(key), this.ctx.keys.leader], [
      this.ctx.clockArg(),
      key,
      this.ctx.keys.channel,
      this.ctx.origin,
      fence,
      ...pairs,
    ]);
    return changed === 1;
  }

  /** Drops every open attempt of queue `key`; returns how many. */
  async release(key: string, fence = ''): Promise<number> {
    const released = await this.ctx.script(QUEUE_RELEASE, [...this.queueKeys(key), this.ctx.keys.leader], [key, this.ctx.keys.channel, this.ctx.origin, fence]);
    return Number(released);
  }

  async snapshot(key: string): Promise<QueueSnapshot> {
    const q = this.ctx.keys.queue(key);
    const [available, running, waitingForRetry, ...flat] = (await this.ctx.script(
      QUEUE_SNAPSHOT,
      [q.fresh, q.tried, q.meta, q.attempts],
      [this.ctx.clockArg()],
    )) as [number, number, number, ...Buffer[]];
    const runningReservations: QueueSnapshot['runningReservations'] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) runningReservations.push({ id: text(flat[i]), reservedIp: text(flat[i + 1]) });
    return { available, running, waitingForRetry, runningReservations };
  }

  async keys(): Promise<string[]> {
    const members = await this.ctx.call(() => this.ctx.client.zrangeBuffer(this.ctx.keys.queueIndex, 0, -1));
    return members.map(text);
  }

  async contains(key: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const flags = (await this.ctx.script(QUEUE_CONTAINS, [this.ctx.keys.queue(key).meta], ids)) as number[];
    return new Set(ids.filter((_, i) => flags[i] === 1));
  }

  private queueKeys(key: string): string[] {
    const q = this.ctx.keys.queue(key);
    return [q.fresh, q.tried, q.meta, q.body, q.attempts, this.ctx.keys.queueIndex];
  }
}

function decodeAttempts(json: Buffer): QueueAttempt[] {
  const parsed = JSON.parse(text(json)) as StoredAttempt[] | Record<string, never>;
  if (!Array.isArray(parsed)) return [];
  return parsed.map(([startMs, endMs, httpCode, transactionId, reservedIp]) => ({ startMs, endMs, httpCode, transactionId, reservedIp }));
}
