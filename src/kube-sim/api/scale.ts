/** The `scale` subresource (autoscaling/v1 `Scale`) of Deployments, StatefulSets and ReplicaSets: get, update, patch. */
import { clone, isPlainObject } from '../model/json.js';
import type { KubeObject } from '../model/types.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { PatchError } from '../patch/patch-error.js';
import { applyStrategicMergePatch } from '../patch/strategic-merge-patch.js';
import { ApiError, badRequest, conflict, invalid } from './api-error.js';
import type { KubeApi, PatchType, WriteOptions } from './kube-api.js';
import { formatLabelSelector } from './label-selector.js';
import type { ResourceType } from './resource-types.js';

const SCALE_TYPE: ResourceType = {
  group: 'autoscaling',
  version: 'v1',
  resource: 'scale',
  singular: 'scale',
  kind: 'Scale',
  namespaced: true,
  shortNames: [],
  categories: [],
  subresources: [],
  writable: true,
  hasGeneration: false,
};

export function scaleOf(obj: KubeObject): KubeObject {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: formatLabelSelector(obj.spec?.selector) },
  };
}

export function getScale(api: KubeApi, type: ResourceType, namespace: string, name: string): KubeObject {
  return scaleOf(api.get(type, namespace, name));
}

export function updateScale(api: KubeApi, type: ResourceType, namespace: string, name: string, body: unknown, options: WriteOptions = {}): KubeObject {
  if (!isPlainObject(body)) throw badRequest('the body of the request must be a Scale object');
  const scale = body as KubeObject;
  const current = api.get(type, namespace, name);
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(type, name);
  const replicas = scale.spec?.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
    throw invalid(SCALE_TYPE, name, [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' }]);
  }
  const next = clone(current);
  next.spec = { ...next.spec, replicas: replicas ?? 0 };
  return scaleOf(api.update(type, namespace, name, next, options));
}

export function patchScale(api: KubeApi, type: ResourceType, namespace: string, name: string, kind: PatchType, patch: unknown, options: WriteOptions = {}): KubeObject {
  const current = getScale(api, type, namespace, name);
  let patched: unknown;
  try {
    if (kind === 'json') patched = applyJsonPatch(current, patch);
    else if (kind === 'merge') patched = applyMergePatch(current, patch);
    else patched = applyStrategicMergePatch(current, patch);
  } catch (err) {
    if (err instanceof PatchError) throw err.malformed ? badRequest(err.message) : new ApiError(422, 'Invalid', err.message);
    throw err;
  }
  return updateScale(api, type, namespace, name, patched, options);
}
