/**
 * Content negotiation of reads: plain JSON (list items without kind/apiVersion, as the API server sends them),
 * `as=Table` (kubectl get) or `as=PartialObjectMetadata[List]`.
 */
import type { IncomingMessage } from 'node:http';
import { apiVersionOf, type ResourceType } from '../api/resource-types.js';
import type { KubeObject } from '../model/types.js';
import { buildTable, type IncludeObject } from '../tables/table.js';
import { tableDefinitionFor } from '../tables/tables.js';

export interface Renderer {
  one(obj: KubeObject): unknown;
  list(items: KubeObject[], resourceVersion: string): unknown;
  watchEvent(obj: KubeObject): unknown;
}

function partial(obj: KubeObject): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function rendererFor(req: IncomingMessage, query: URLSearchParams, type: ResourceType): Renderer {
  const accept = String(req.headers.accept ?? '');
  const include = (query.get('includeObject') ?? 'Metadata') as IncludeObject;
  if (accept.includes('as=Table')) {
    const definition = tableDefinitionFor(type);
    return {
      one: (obj) => buildTable(definition, [obj], include, obj.metadata.resourceVersion),
      list: (items, rv) => buildTable(definition, items, include, rv),
      watchEvent: (obj) => buildTable(definition, [obj], include, obj.metadata.resourceVersion),
    };
  }
  if (accept.includes('as=PartialObjectMetadata')) {
    return {
      one: partial,
      list: (items, rv) => ({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: rv }, items: items.map(partial) }),
      watchEvent: partial,
    };
  }
  return {
    one: (obj) => obj,
    list: (items, rv) => ({
      kind: `${type.kind}List`,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: rv },
      items: items.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest),
    }),
    watchEvent: (obj) => obj,
  };
}
