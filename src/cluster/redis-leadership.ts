/**
 * The leader lease on Redis (decision 1, platform.md §1.6): `SET <lease> <token> NX PX <lease>`,
 * renewed by a script that extends it only while it still holds this node's token. The token is
 * new at every acquisition (node id + a counter of the Redis server), so it doubles as the fencing
 * token that leader-only queue transitions check atomically. A node is leader only while its
 * last renewal is younger than the lease minus a safety margin, so a stalled or partitioned
 * leader steps down before another node can take over.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logging.js';
import type { Leadership } from './leadership.js';

/** KEYS[1] lease, ARGV[1] token, ARGV[2] lease ms → 1 when renewed. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
/** KEYS[1] lease, ARGV[1] token → 1 when released. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface RedisLeadershipOptions {
  client: Redis;
  /** The lease key (under the store's prefix). */
  key: string;
  nodeId: string;
  logger: Logger;
  /** Default 3000 ms: a dead leader is replaced within about this long (plus one renewal period). */
  leaseMs?: number;
  /** Default 500 ms. */
  renewEveryMs?: number;
  /**
   * Run after the lease is taken and before this node acts as leader (the new leader releases the
   * attempts its predecessor left open); when it fails the lease is given back and retried.
   */
  onAcquire?: (token: string) => Promise<void>;
  /** Called when this node gains or loses leadership. */
  onChange?: (leading: boolean) => void;
  clock?: () => number;
}

export class RedisLeadership implements Leadership {
  private token: string | null = null;
  private validUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly clock: () => number;

  constructor(private readonly o: RedisLeadershipOptions) {
    this.leaseMs = o.leaseMs ?? 3000;
    this.renewEveryMs = o.renewEveryMs ?? 500;
    this.clock = o.clock ?? Date.now;
  }

  isLeader(): boolean {
    return this.token !== null && this.clock() < this.validUntil;
  }

  /** The fencing token while leader (checked by the store's leader-only transitions). */
  fenceToken(): string | null {
    return this.isLeader() ? this.token : null;
  }

  /** A fenced write was refused: another node holds the lease now. */
  lost(): void {
    if (this.token === null) return;
    this.o.logger.warn(`leader lease lost (fenced) by ${this.o.nodeId}`);
    this.setToken(null);
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        if (!this.stopped) this.timer = setTimeout(loop, this.renewEveryMs);
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    const token = this.token;
    this.setToken(null);
    if (token) await this.o.client.eval(RELEASE, 1, this.o.key, token).catch(() => undefined);
  }

  /** One renewal or acquisition attempt. */
  async tick(): Promise<void> {
    const started = this.clock();
    try {
      if (this.token !== null) {
        const renewed = Number(await this.o.client.eval(RENEW, 1, this.o.key, this.token, String(this.leaseMs)));
        if (renewed === 1) {
          this.validUntil = started + this.leaseMs - this.safetyMarginMs();
          return;
        }
        this.setToken(null);
      }
      const counter = await this.o.client.incr(`${this.o.key}:acquisitions`);
      const candidate = `${this.o.nodeId}:${counter}`;
      const acquired = await this.o.client.set(this.o.key, candidate, 'PX', this.leaseMs, 'NX');
      if (acquired === 'OK') {
        try {
          await this.o.onAcquire?.(candidate);
        } catch (err) {
          await this.o.client.eval(RELEASE, 1, this.o.key, candidate).catch(() => undefined);
          throw err;
        }
        this.validUntil = started + this.leaseMs - this.safetyMarginMs();
        this.setToken(candidate);
      }
    } catch (err) {
      // Redis unreachable: keep leading only until the current lease runs out (isLeader checks it).
      if (this.token !== null && this.clock() >= this.validUntil) this.setToken(null);
      this.o.logger.debug(`leader lease: ${(err as Error).message}`);
    }
  }

  private safetyMarginMs(): number {
    return Math.min(1000, Math.floor(this.leaseMs / 5));
  }

  private setToken(token: string | null): void {
    const was = this.token !== null;
    this.token = token;
    if (token === null) this.validUntil = 0;
    if (was !== (token !== null)) {
      this.o.logger.info(`${this.o.nodeId} ${token ? 'is now the leader' : 'is no longer the leader'}`);
      this.o.onChange?.(token !== null);
    }
  }
}
