// RedisStore: the shared Store contract on a real redis-server, reopened with a new client on the
// same server, and again across a kill -9 and restart of the server on the same AOF directory.
import { runStoreContract, type ContractClock, type StoreContractFactory } from '../store.case.js';
import type { RedisServer } from '../../../test/helpers/redis-server.js';
import type { RedisStore } from './redis-store.js';
import { dropNamespace, freshNamespace, openStore, sharedRedisServer } from './fixtures/redis-test-support.js';

const shared = sharedRedisServer();

function factory(reopen: (server: RedisServer) => Promise<void>): StoreContractFactory {
  return async (clock: ContractClock) => {
    const server = await shared;
    const namespace = freshNamespace('contract');
    const open = () => openStore(server, { namespace, now: clock.now });
    let store: RedisStore = await open();
    return {
      store,
      reopen: async () => {
        await store.close();
        await reopen(server);
        store = await open();
        return store;
      },
      cleanup: async () => {
        await store.close();
        await dropNamespace(server, store.keys.prefix);
      },
    };
  };
}

runStoreContract('redis', factory(async () => undefined));
runStoreContract('redis (server killed and restarted on reopen)', factory((server) => server.restart('SIGKILL')));
