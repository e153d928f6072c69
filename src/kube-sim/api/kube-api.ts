/**
 * The API server's object semantics over the store: create (generateName, defaulting, validation, uid,
 * generation), update with resourceVersion preconditions and status kept apart from spec, patches of every
 * kind, server-side dry run, graceful and propagating deletion with finalizers. HTTP handlers and controllers
 * both go through it.
 */
import { randomUUID } from 'node:crypto';
import type { Strategy } from '../kinds/strategies.js';
import { clone, deepEqual, isPlainObject, orderTopLevel } from '../model/json.js';
import { checkLabel, checkSubdomain, randomSuffix } from '../model/names.js';
import { timestamp } from '../model/time.js';
import type { KubeObject } from '../model/types.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { PatchError } from '../patch/patch-error.js';
import { applyStrategicMergePatch } from '../patch/strategic-merge-patch.js';
import { ApiError, alreadyExists, badRequest, conflict, forbidden, invalid, notFound, successStatus, type StatusObject } from './api-error.js';
import { matchesFields, type FieldRequirement } from './field-selector.js';
import { matchesRequirements, type Requirement } from './label-selector.js';
import type { ObjectStore } from './object-store.js';
import { isOwnedBy, readyToRemove } from './object-meta.js';
import { RESOURCE_TYPES, apiVersionOf, findByResource, type ResourceType } from './resource-types.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';
export type Propagation = 'Foreground' | 'Background' | 'Orphan';

export interface WriteOptions {
  dryRun?: boolean;
  /** `status`: only the status changes; otherwise the status is kept as stored. */
  subresource?: 'status';
}

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: Propagation;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface Selectors {
  labels?: Requirement[];
  fields?: FieldRequirement[];
}

const NAMESPACES = findByResource('', 'v1', 'namespaces')!;

/** Where a delete stands: removed now, or still there (graceful, finalizers, foreground). */
export type DeleteResult = { removed: true; object: KubeObject; status: StatusObject } | { removed: false; object: KubeObject };

export class KubeApi {
  constructor(
    readonly store: ObjectStore,
    private readonly strategyOf: (type: ResourceType) => Strategy,
  ) {}

  tryGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(type, namespace, name);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(type, namespace, name);
    if (!obj) throw notFound(type, name);
    return obj;
  }

  list(type: ResourceType, namespace: string | undefined, selectors: Selectors = {}): { items: KubeObject[]; resourceVersion: string } {
    const items = this.store.list(type, namespace).filter((o) => matches(o, selectors));
    return { items, resourceVersion: String(this.store.currentRevision()) };
  }

  create(type: ResourceType, namespace: string | undefined, body: unknown, options: WriteOptions = {}): KubeObject {
    if (!isPlainObject(body)) throw badRequest('the body of the request must be a JSON or YAML object');
    const obj = clone(body) as KubeObject;
    obj.metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
    this.checkKind(type, obj);
    const ns = this.resolveNamespace(type, namespace, obj);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) {
      do meta.name = `${meta.generateName}${randomSuffix()}`;
      while (this.store.get(type, ns, meta.name));
    }
    const strategy = this.strategyOf(type);
    const name = meta.name ?? '';
    if (!name) throw invalid(type, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
    const nameProblem = strategy.nameRule === 'label' ? checkLabel(name) : checkSubdomain(name);
    if (nameProblem) throw invalid(type, name, [{ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": ${nameProblem}`, field: 'metadata.name' }]);
    if (ns) this.checkNamespaceOpen(type, ns, name);
    for (const key of ['uid', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'managedFields']) delete meta[key];
    meta.uid = randomUUID();
    meta.creationTimestamp = timestamp();
    if (type.hasGeneration) meta.generation = 1;
    else delete meta.generation;
    const initial = strategy.initialStatus?.(obj);
    if (initial !== undefined) obj.status = initial;
    strategy.defaults(obj, undefined);
    const causes = strategy.validate(obj);
    if (causes.length > 0) throw invalid(type, name, causes);
    if (this.store.get(type, ns, name)) throw alreadyExists(type, name);
    const ordered = this.normalise(type, obj);
    if (options.dryRun) return ordered;
    return this.store.write(type, ordered);
  }

  update(type: ResourceType, namespace: string | undefined, name: string, body: unknown, options: WriteOptions = {}): KubeObject {
    if (!isPlainObject(body)) throw badRequest('the body of the request must be a JSON or YAML object');
    const old = this.get(type, namespace, name);
    const next = clone(body) as KubeObject;
    next.metadata = isPlainObject(next.metadata) ? next.metadata : {};
    this.checkKind(type, next);
    if (next.metadata.name !== undefined && next.metadata.name !== name) {
      throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (type.namespaced && next.metadata.namespace !== undefined && next.metadata.namespace !== old.metadata.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const rv = next.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw conflict(type, name);
    const merged = this.mergeForUpdate(type, old, next, options.subresource);
    return this.commit(type, old, merged, options.dryRun ?? false);
  }

  patch(type: ResourceType, namespace: string | undefined, name: string, kind: PatchType, patch: unknown, options: WriteOptions = {}): KubeObject {
    const current = this.store.get(type, namespace, name);
    if (!current) {
      if (kind === 'apply' && options.subresource === undefined) {
        if (isPlainObject(patch) && isPlainObject(patch.metadata) && patch.metadata.name !== undefined && patch.metadata.name !== name) {
          throw badRequest(`the name of the object (${String(patch.metadata.name)}) does not match the name on the URL (${name})`);
        }
        const body = { ...(patch as Record<string, unknown>), metadata: { ...((patch as KubeObject).metadata ?? {}), name } };
        return this.create(type, namespace, body, options);
      }
      throw notFound(type, name);
    }
    const patched = applyPatch(kind, current, patch);
    if (!isPlainObject(patched)) throw new ApiError(422, 'Invalid', 'the patch did not produce an object');
    return this.update(type, namespace, name, patched, options);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): DeleteResult {
    const obj = this.get(type, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== obj.metadata.uid) {
      throw conflict(type, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
      throw conflict(type, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
    }
    if (options.dryRun) return { removed: false, object: obj };
    const propagation = options.propagationPolicy ?? (type.group === 'batch' && type.resource === 'jobs' ? 'Orphan' : 'Background');
    if (propagation === 'Orphan') this.orphanDependents(obj);
    const next = clone(obj);
    const meta = next.metadata;
    const now = Date.now();
    if (type.resource === 'namespaces' && type.group === '') {
      meta.deletionTimestamp ??= timestamp(now);
      next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      return { removed: false, object: this.writeIfChanged(type, obj, next) };
    }
    if (propagation === 'Foreground') {
      meta.finalizers = [...new Set([...(meta.finalizers ?? []), 'foregroundDeletion'])];
    }
    const grace = this.graceOf(type, obj, options.gracePeriodSeconds);
    if (meta.deletionTimestamp) {
      // Already terminating: only a shorter grace period changes anything.
      if (grace < (meta.deletionGracePeriodSeconds ?? 0)) {
        meta.deletionGracePeriodSeconds = grace;
        meta.deletionTimestamp = timestamp(now + grace * 1000);
      }
    } else {
      meta.deletionTimestamp = timestamp(now + grace * 1000);
      meta.deletionGracePeriodSeconds = grace;
    }
    if (readyToRemove(type, next)) return this.removeNow(type, obj);
    return { removed: false, object: this.writeIfChanged(type, obj, next) };
  }

  /** Removes an object from storage now (the last step of every deletion). */
  removeNow(type: ResourceType, obj: KubeObject): DeleteResult {
    const last = this.store.remove(type, obj.metadata.namespace, obj.metadata.name!) ?? obj;
    return { removed: true, object: last, status: successStatus(type, obj.metadata.name!, obj.metadata.uid) };
  }

  /**
   * Internal read-modify-write (controllers, kubelet, garbage collector): no validation, no precondition;
   * nothing is written when `change` leaves the object equal. Removes the object when its deletion is complete.
   */
  mutate(type: ResourceType, namespace: string | undefined, name: string, change: (obj: KubeObject) => void): KubeObject | undefined {
    const old = this.store.get(type, namespace, name);
    if (!old) return undefined;
    const next = clone(old);
    change(next);
    if (type.hasGeneration && !deepEqual(next.spec, old.spec)) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    const written = this.writeIfChanged(type, old, next);
    if (readyToRemove(type, written)) return this.removeNow(type, written).object;
    return written;
  }

  /** Objects of every namespaced type that list `uid` among their owners. */
  dependentsOf(namespace: string | undefined, uid: string): { type: ResourceType; object: KubeObject }[] {
    const out: { type: ResourceType; object: KubeObject }[] = [];
    for (const type of RESOURCE_TYPES) {
      if (type.namespaced && !namespace) continue;
      for (const object of this.store.list(type, type.namespaced ? namespace : undefined)) {
        if (isOwnedBy(object, uid)) out.push({ type, object });
      }
    }
    return out;
  }

  private orphanDependents(owner: KubeObject): void {
    for (const { type, object } of this.dependentsOf(owner.metadata.namespace, owner.metadata.uid!)) {
      this.mutate(type, object.metadata.namespace, object.metadata.name!, (o) => {
        const refs = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
        if (refs.length > 0) o.metadata.ownerReferences = refs;
        else delete o.metadata.ownerReferences;
      });
    }
  }

  /** Pods that run (scheduled, not finished) end gracefully; everything else at once. */
  private graceOf(type: ResourceType, obj: KubeObject, requested: number | undefined): number {
    if (type.group !== '' || type.resource !== 'pods') return 0;
    const phase = obj.status?.phase;
    if (!obj.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    const grace = requested ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, grace);
  }

  private mergeForUpdate(type: ResourceType, old: KubeObject, next: KubeObject, subresource: 'status' | undefined): KubeObject {
    const hasStatus = type.subresources.includes('status');
    let merged: KubeObject;
    if (subresource === 'status') {
      merged = { ...clone(old), status: next.status };
    } else {
      merged = next;
      if (hasStatus) {
        if (old.status === undefined) delete merged.status;
        else merged.status = clone(old.status);
      }
    }
    const meta = merged.metadata;
    for (const key of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace', 'name']) {
      if (old.metadata[key] === undefined) delete meta[key];
      else meta[key] = old.metadata[key];
    }
    delete meta.managedFields;
    delete meta.selfLink;
    return merged;
  }

  private commit(type: ResourceType, old: KubeObject, next: KubeObject, dryRun: boolean): KubeObject {
    const strategy = this.strategyOf(type);
    strategy.defaults(next, old);
    if (type.hasGeneration && !deepEqual(next.spec, old.spec)) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    const name = old.metadata.name!;
    const causes = [...strategy.validate(next), ...(strategy.validateUpdate?.(next, old) ?? [])];
    if (causes.length > 0) throw invalid(type, name, causes);
    const ordered = this.normalise(type, next);
    ordered.metadata.resourceVersion = old.metadata.resourceVersion;
    if (dryRun) return ordered;
    const written = this.writeIfChanged(type, old, ordered);
    if (readyToRemove(type, written)) return this.removeNow(type, written).object;
    return written;
  }

  private writeIfChanged(type: ResourceType, old: KubeObject, next: KubeObject): KubeObject {
    const normalised = this.normalise(type, next);
    normalised.metadata.resourceVersion = old.metadata.resourceVersion;
    if (deepEqual(normalised, old)) return old;
    return this.store.write(type, normalised);
  }

  private normalise(type: ResourceType, obj: KubeObject): KubeObject {
    const out = orderTopLevel({ ...obj, kind: type.kind, apiVersion: apiVersionOf(type) });
    for (const key of ['labels', 'annotations', 'ownerReferences', 'finalizers'] as const) {
      const value = out.metadata[key];
      if (value !== undefined && (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)) delete out.metadata[key];
    }
    return clone(out);
  }

  private checkKind(type: ResourceType, obj: KubeObject): void {
    if (obj.kind !== undefined && obj.kind !== type.kind) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersionOf(type)})`);
    }
    if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(type)) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(type)})`);
    }
  }

  private resolveNamespace(type: ResourceType, namespace: string | undefined, obj: KubeObject): string | undefined {
    if (!type.namespaced) {
      delete obj.metadata.namespace;
      return undefined;
    }
    const ns = namespace ?? obj.metadata.namespace;
    if (!ns) throw badRequest('a namespace is required');
    if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = ns;
    return ns;
  }

  private checkNamespaceOpen(type: ResourceType, namespace: string, name: string): void {
    const ns = this.store.get(NAMESPACES, undefined, namespace);
    if (!ns) throw notFound(NAMESPACES, namespace);
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(type, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }
}

function matches(obj: KubeObject, selectors: Selectors): boolean {
  return matchesRequirements(selectors.labels ?? [], obj.metadata.labels) && matchesFields(selectors.fields ?? [], obj);
}

export function matchesSelectors(obj: KubeObject, selectors: Selectors): boolean {
  return matches(obj, selectors);
}

function applyPatch(kind: PatchType, current: KubeObject, patch: unknown): unknown {
  try {
    switch (kind) {
      case 'json':
        return applyJsonPatch(current, patch);
      case 'merge':
        if (!isPlainObject(patch)) throw new PatchError('merge patch must be a JSON object', true);
        return applyMergePatch(current, patch);
      case 'strategic':
      case 'apply':
        return applyStrategicMergePatch(current, patch);
    }
  } catch (err) {
    if (err instanceof PatchError) throw err.malformed ? badRequest(err.message) : new ApiError(422, 'Invalid', err.message);
    throw err;
  }
}
