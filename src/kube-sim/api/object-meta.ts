/** Helpers over object metadata: identity strings, owner references, terminal deletion state. */
import type { KubeObject, ObjectMeta, OwnerReference } from '../model/types.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';

export function describe(type: ResourceType, obj: KubeObject): string {
  return `${type.resource}/${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
}

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((o) => o.controller === true);
}

export function ownerReferenceTo(type: ResourceType, owner: KubeObject): OwnerReference {
  return {
    apiVersion: apiVersionOf(type),
    kind: type.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isOwnedBy(obj: KubeObject, uid: string | undefined): boolean {
  return uid !== undefined && (obj.metadata.ownerReferences ?? []).some((o) => o.uid === uid);
}

export function isControlledBy(obj: KubeObject, uid: string | undefined): boolean {
  return uid !== undefined && controllerOf(obj)?.uid === uid;
}

/** Deletion requested and nothing holds it back any more: the object can leave storage. */
export function readyToRemove(type: ResourceType, obj: KubeObject): boolean {
  if (!obj.metadata.deletionTimestamp) return false;
  if ((obj.metadata.finalizers ?? []).length > 0) return false;
  if (type.resource === 'namespaces') return false;
  return (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0;
}

const META_ORDER = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers'];

/** Metadata members in the API server's order (unknown members last). */
export function orderMetadata(meta: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = {};
  for (const key of META_ORDER) if (meta[key] !== undefined) out[key] = meta[key];
  for (const key of Object.keys(meta)) if (!META_ORDER.includes(key) && meta[key] !== undefined) out[key] = meta[key];
  return out;
}
