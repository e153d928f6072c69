/**
 * The garbage collector: when an owner leaves storage its dependents (objects listing its uid in
 * `ownerReferences`) are deleted in the background; an owner being deleted in the foreground
 * (`foregroundDeletion` finalizer) has its dependents deleted first and leaves once none remain; dependents
 * created for an owner that no longer exists are deleted too.
 */
import type { KubeApi } from '../api/kube-api.js';
import type { StoreEvent } from '../api/object-store.js';
import { RESOURCE_TYPES, typeKey, type ResourceType } from '../api/resource-types.js';
import type { KubeObject } from '../model/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { WorkQueue } from './work-queue.js';

const FOREGROUND = 'foregroundDeletion';

function key(type: ResourceType, obj: KubeObject): string {
  return `${typeKey(type)}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`;
}

function parse(k: string): { type: ResourceType; namespace: string | undefined; name: string } | undefined {
  const [tk, ns, name] = k.split('|') as [string, string, string];
  const type = RESOURCE_TYPES.find((t) => typeKey(t) === tk);
  return type ? { type, namespace: ns || undefined, name } : undefined;
}

function ownerExists(api: KubeApi, namespace: string | undefined, uid: string): boolean {
  for (const type of RESOURCE_TYPES) {
    const candidates = type.namespaced ? (namespace ? api.store.list(type, namespace) : []) : api.store.list(type);
    if (candidates.some((o) => o.metadata.uid === uid)) return true;
  }
  return false;
}

export function startGarbageCollector(ctx: ControllerContext): Controller {
  const { api } = ctx;
  const deleteQuietly = (type: ResourceType, obj: KubeObject, propagation: 'Background' | 'Foreground'): void => {
    if (!api.tryGet(type, obj.metadata.namespace, obj.metadata.name!)) return;
    api.delete(type, obj.metadata.namespace, obj.metadata.name!, { propagationPolicy: propagation });
  };
  const queue = new WorkQueue(
    (k) => {
      if (k.startsWith('cascade|')) {
        const [, namespace, uid] = k.split('|') as [string, string, string];
        for (const { type, object } of api.dependentsOf(namespace || undefined, uid)) {
          const remaining = (object.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
          if (remaining.some((r) => ownerExists(api, object.metadata.namespace, r.uid))) {
            api.mutate(type, object.metadata.namespace, object.metadata.name!, (o) => {
              o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
            });
          } else if (!object.metadata.deletionTimestamp) deleteQuietly(type, object, 'Background');
        }
        return;
      }
      const target = parse(k);
      if (!target) return;
      const obj = api.tryGet(target.type, target.namespace, target.name);
      if (!obj) return;
      if (obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(FOREGROUND)) {
        const dependents = api.dependentsOf(obj.metadata.namespace, obj.metadata.uid!);
        for (const d of dependents) if (!d.object.metadata.deletionTimestamp) deleteQuietly(d.type, d.object, 'Foreground');
        if (dependents.length === 0) {
          api.mutate(target.type, target.namespace, target.name, (o) => {
            o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== FOREGROUND);
          });
        }
        return;
      }
      const refs = obj.metadata.ownerReferences ?? [];
      if (refs.length > 0 && !obj.metadata.deletionTimestamp && !refs.some((r) => ownerExists(api, obj.metadata.namespace, r.uid))) {
        deleteQuietly(target.type, obj, 'Background');
      }
    },
    (k, err) => ctx.log(`garbage collector ${k}: ${(err as Error)?.stack ?? String(err)}`),
  );
  const onEvent = (event: StoreEvent): void => {
    const obj = event.object;
    if (event.type === 'DELETED') {
      queue.add(`cascade|${obj.metadata.namespace ?? ''}|${obj.metadata.uid}`);
      // Owners waiting in the foreground for this dependent.
      for (const ref of obj.metadata.ownerReferences ?? []) {
        for (const type of RESOURCE_TYPES) {
          if (type.kind !== ref.kind) continue;
          const owner = api.tryGet(type, obj.metadata.namespace, ref.name);
          if (owner && owner.metadata.uid === ref.uid) queue.add(key(type, owner));
        }
      }
      return;
    }
    if (event.type === 'ADDED' && (obj.metadata.ownerReferences ?? []).length > 0) queue.add(key(event.resource, obj));
    if (obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(FOREGROUND)) queue.add(key(event.resource, obj));
  };
  const unsubscribe = api.store.subscribe(onEvent);
  return {
    stop() {
      unsubscribe();
      queue.stop();
    },
  };
}
