/**
 * The Redis key layout of one SlimFaas namespace: every key and the change channel start with the
 * same hash-tagged prefix `{slimfaas:<namespace>}:`, so a namespace lives in one cluster slot and
 * scripts may touch any of its keys; the key/value, hash and queue namespaces never collide.
 *
 *   kv:<key>                 hash {v: value, x?: expiry ms}         (key/value entry)
 *   hash:<key>               hash {f:<field>: value…, x?: expiry}   (Store hash)
 *   queue:fresh:<key>        zset seq → id, never-attempted elements
 *   queue:tried:<key>        zset seq → id, elements with attempts
 *   queue:meta:<key>         hash id → "<insertedAtMs>|<policy JSON>" (immutable)
 *   queue:body:<key>         hash id → payload
 *   queue:attempts:<key>     hash id → attempts JSON [[start,end,code,"txn","ip"],…]
 *   queue:seq                string, FIFO sequence shared by the namespace's queues
 *   index:kv | index:hash | index:queues   zset (score 0) of user keys, for prefix scans
 *   queue-changes            pub/sub channel: "<origin>\n<queue key>"
 */

export interface QueueRedisKeys {
  fresh: string;
  tried: string;
  meta: string;
  body: string;
  attempts: string;
}

export const DEFAULT_NAMESPACE = 'default';

export class RedisKeys {
  readonly prefix: string;
  readonly kvPrefix: string;
  readonly hashPrefix: string;
  readonly kvIndex: string;
  readonly hashIndex: string;
  readonly queueIndex: string;
  readonly queueSeq: string;
  readonly channel: string;
  /** The leader lease (its value is the fencing token of the current leader). */
  readonly leader: string;

  constructor(readonly namespace: string = DEFAULT_NAMESPACE) {
    this.prefix = `{slimfaas:${namespace}}:`;
    this.kvPrefix = `${this.prefix}kv:`;
    this.hashPrefix = `${this.prefix}hash:`;
    this.kvIndex = `${this.prefix}index:kv`;
    this.hashIndex = `${this.prefix}index:hash`;
    this.queueIndex = `${this.prefix}index:queues`;
    this.queueSeq = `${this.prefix}queue:seq`;
    this.channel = `${this.prefix}queue-changes`;
    this.leader = `${this.prefix}leader`;
  }

  kv(key: string): string {
    return this.kvPrefix + key;
  }

  hash(key: string): string {
    return this.hashPrefix + key;
  }

  queue(key: string): QueueRedisKeys {
    const q = `${this.prefix}queue:`;
    return {
      fresh: `${q}fresh:${key}`,
      tried: `${q}tried:${key}`,
      meta: `${q}meta:${key}`,
      body: `${q}body:${key}`,
      attempts: `${q}attempts:${key}`,
    };
  }
}
