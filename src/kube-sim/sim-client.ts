/** In-process access to a kube-sim's objects for tests: apply manifests (YAML or objects), get, list, delete. */
import { parseAllDocuments } from 'yaml';
import { badRequest } from './api/api-error.js';
import type { KubeApi } from './api/kube-api.js';
import { parseLabelSelector } from './api/label-selector.js';
import { findByKind, findByName, type ResourceType } from './api/resource-types.js';
import { isPlainObject } from './model/json.js';
import type { KubeObject } from './model/types.js';

function typeNamed(kind: string): ResourceType {
  const type = findByName(kind);
  if (!type) throw new Error(`kube-sim: unknown kind or resource "${kind}"`);
  return type;
}

function documents(manifest: string | object | object[]): KubeObject[] {
  const raw: unknown[] = typeof manifest === 'string' ? parseAllDocuments(manifest).map((d) => d.toJSON()) : Array.isArray(manifest) ? manifest : [manifest];
  return raw
    .filter((d) => d !== null && d !== undefined)
    .flatMap((d) => (isPlainObject(d) && d.kind === 'List' && Array.isArray(d.items) ? d.items : [d])) as KubeObject[];
}

export class SimClient {
  constructor(
    private readonly api: KubeApi,
    private readonly defaultNamespace: string,
  ) {}

  /** Creates each object, or merges it into the existing one (strategic merge, like server-side apply without field ownership). */
  apply(manifest: string | object | object[], namespace?: string): KubeObject[] {
    return documents(manifest).map((doc) => {
      const type = findByKind(String(doc.apiVersion), String(doc.kind));
      if (!type) throw badRequest(`no kind "${String(doc.kind)}" is registered for version "${String(doc.apiVersion)}"`);
      const ns = type.namespaced ? (doc.metadata?.namespace ?? namespace ?? this.defaultNamespace) : undefined;
      const name = doc.metadata?.name;
      if (name && this.api.tryGet(type, ns, name)) return this.api.patch(type, ns, name, 'apply', doc);
      return this.api.create(type, ns, doc);
    });
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const type = typeNamed(kind);
    return this.api.tryGet(type, type.namespaced ? (namespace ?? this.defaultNamespace) : undefined, name);
  }

  list(kind: string, namespace?: string, labelSelector?: string): KubeObject[] {
    const type = typeNamed(kind);
    return this.api.list(type, type.namespaced ? namespace : undefined, { labels: parseLabelSelector(labelSelector) }).items;
  }

  /** Deletes like `kubectl delete` (background propagation, graceful for pods); false when it did not exist. */
  delete(kind: string, namespace: string | undefined, name: string): boolean {
    const type = typeNamed(kind);
    const ns = type.namespaced ? (namespace ?? this.defaultNamespace) : undefined;
    if (!this.api.tryGet(type, ns, name)) return false;
    this.api.delete(type, ns, name, { propagationPolicy: 'Background' });
    return true;
  }
}
