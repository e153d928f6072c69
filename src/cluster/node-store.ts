/**
 * The store a node runs on, chosen by `SlimFaas:Store`: the embedded SQLite file (one node; its
 * attempts left open by a crash are released at start) or the shared Redis, where a leader lease
 * decides who runs the leader-only duties (a new leader first releases the attempts its
 * predecessor left open) and each node announces itself for the others.
 */
import { join } from 'node:path';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../logging.js';
import type { Store } from '../store/store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Leadership } from './leadership.js';
import type { Membership } from './membership.js';

export interface NodeStore {
  store: Store;
  /** Absent: this node alone leads. */
  leadership?: Leadership;
  /** Several nodes on one store (node options of src/node.ts). */
  cluster?: { membership: Membership; secret: string | null };
  /** Once the node listens on `port`: announces it and starts competing for the lease. */
  start(port: number): Promise<void>;
  /** Stops leading (the lease is handed over at once), leaves the membership, closes the store. */
  close(): Promise<void>;
}

export interface NodeStoreOptions {
  settings: Settings;
  dataDirectory: string;
  logger: Logger;
  /** The IP the other nodes reach this one at. */
  advertiseIp: string;
}

export async function openNodeStore({ settings, dataDirectory, logger, advertiseIp }: NodeStoreOptions): Promise<NodeStore> {
  if (settings.store === 'sqlite') {
    const store = SqliteStore.open({ path: join(dataDirectory, 'store.sqlite') });
    await store.recoverInterruptedAttempts();
    return { store, start: async () => undefined, close: () => store.close() };
  }
  // Loaded only for a Redis store: ioredis is not needed on one SQLite node.
  const [{ RedisStore }, { RedisLeadership }, { Membership }] = await Promise.all([
    import('../store/redis/redis-store.js'),
    import('./redis-leadership.js'),
    import('./membership.js'),
  ]);
  const store = await RedisStore.open({ url: settings.redisUrl!, namespace: settings.namespace });
  const name = settings.hostname;
  const leadership = new RedisLeadership({
    client: store.client,
    key: store.keys.leader,
    nodeId: name,
    logger,
    onAcquire: async (token) => {
      const released = await store.recoverInterruptedAttempts(token);
      if (released > 0) logger.info(`released ${released} async attempt(s) left open by the previous leader`);
    },
  });
  const host = advertiseIp.includes(':') ? `[${advertiseIp}]` : advertiseIp;
  const member = (port: number) => ({ name, ip: advertiseIp, ports: [port], url: `http://${host}:${port}` });
  const membership = new Membership(store, member(0), logger);
  return {
    store,
    leadership,
    cluster: { membership, secret: settings.clusterSecret },
    async start(port) {
      await membership.start(member(port));
      leadership.start();
    },
    async close() {
      await leadership.stop();
      await membership.stop();
      await store.close();
    },
  };
}
