/** What every controller gets (the API and a logger) and the wiring that feeds a work queue from store events. */
import type { KubeApi } from '../api/kube-api.js';
import { controllerOf } from '../api/object-meta.js';
import type { StoreEvent } from '../api/object-store.js';
import type { ResourceType } from '../api/resource-types.js';
import type { KubeObject } from '../model/types.js';
import { WorkQueue, objectKeyOf } from './work-queue.js';

export interface ControllerContext {
  api: KubeApi;
  log(message: string): void;
}

export interface Controller {
  stop(): void;
}

/**
 * A queue reconciling objects of `own` by `ns/name`, fed by their own events and by the events of objects they
 * control (`childKinds`: a child whose controller reference has that kind enqueues its owner).
 */
export function watchOwnAndChildren(
  ctx: ControllerContext,
  own: ResourceType,
  childTypes: ResourceType[],
  reconcile: (namespace: string | undefined, name: string) => void,
): { queue: WorkQueue; stop(): void } {
  const queue = new WorkQueue(
    (key) => {
      const slash = key.indexOf('/');
      reconcile(key.slice(0, slash) || undefined, key.slice(slash + 1));
    },
    (key, err) => ctx.log(`${own.resource} ${key}: ${(err as Error)?.stack ?? String(err)}`),
  );
  const enqueueOwner = (obj: KubeObject | undefined): void => {
    const owner = obj ? controllerOf(obj) : undefined;
    if (owner && owner.kind === own.kind) queue.add(objectKeyOf(obj!.metadata.namespace, owner.name));
  };
  const onEvent = (event: StoreEvent): void => {
    if (event.resource === own) queue.add(objectKeyOf(event.object.metadata.namespace, event.object.metadata.name!));
    else if (childTypes.includes(event.resource)) {
      enqueueOwner(event.object);
      enqueueOwner(event.previous);
    }
  };
  const unsubscribe = ctx.api.store.subscribe(onEvent);
  for (const obj of ctx.api.store.list(own)) queue.add(objectKeyOf(obj.metadata.namespace, obj.metadata.name!));
  return {
    queue,
    stop() {
      unsubscribe();
      queue.stop();
    },
  };
}

/** Sets `status`, dropping members that are 0 or undefined when the API omits them (`omitempty`). */
export function compactStatus(status: Record<string, unknown>, omitZero: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status)) {
    if (value === undefined) continue;
    if (omitZero.includes(key) && value === 0) continue;
    out[key] = value;
  }
  return out;
}
