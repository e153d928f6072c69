/**
 * Namespaces: every namespace gets (and keeps) a `default` ServiceAccount; a namespace being deleted is
 * `Terminating` until everything in it is deleted, then leaves.
 */
import type { StoreEvent } from '../api/object-store.js';
import { RESOURCE_TYPES, TYPES } from '../api/resource-types.js';
import type { Controller, ControllerContext } from './controller.js';
import { WorkQueue } from './work-queue.js';

export function startNamespaceController(ctx: ControllerContext): Controller {
  const { api } = ctx;
  const reconcile = (name: string): void => {
    const ns = api.tryGet(TYPES.namespaces, undefined, name);
    if (!ns) return;
    if (!ns.metadata.deletionTimestamp) {
      if (!api.tryGet(TYPES.serviceAccounts, name, 'default')) {
        api.create(TYPES.serviceAccounts, name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
      }
      return;
    }
    let remaining = 0;
    for (const type of RESOURCE_TYPES) {
      if (!type.namespaced) continue;
      for (const obj of api.store.list(type, name)) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) api.delete(type, name, obj.metadata.name!, { propagationPolicy: 'Background' });
      }
    }
    if (remaining === 0) api.removeNow(TYPES.namespaces, ns);
  };
  const queue = new WorkQueue(reconcile, (k, err) => ctx.log(`namespace ${k}: ${(err as Error)?.stack ?? String(err)}`));
  const onEvent = (event: StoreEvent): void => {
    if (event.resource === TYPES.namespaces) queue.add(event.object.metadata.name!);
    else if (event.resource.namespaced && event.object.metadata.namespace) {
      const ns = api.tryGet(TYPES.namespaces, undefined, event.object.metadata.namespace);
      if (ns?.metadata.deletionTimestamp || (event.type === 'DELETED' && event.resource === TYPES.serviceAccounts)) queue.add(event.object.metadata.namespace);
    }
  };
  const unsubscribe = api.store.subscribe(onEvent);
  for (const ns of api.store.list(TYPES.namespaces)) queue.add(ns.metadata.name!);
  return {
    stop() {
      unsubscribe();
      queue.stop();
    },
  };
}
