/** Maps HTTP verbs on resource URLs to API operations: get, list, watch, create, update, patch, delete, deletecollection, scale, status, log. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, methodNotAllowed, unsupportedMediaType } from '../api/api-error.js';
import { FieldSelectorError, parseFieldSelector } from '../api/field-selector.js';
import type { DeleteOptions, KubeApi, PatchType, Propagation, Selectors } from '../api/kube-api.js';
import { SelectorError, parseLabelSelector } from '../api/label-selector.js';
import type { ResourceType } from '../api/resource-types.js';
import { getScale, patchScale, updateScale } from '../api/scale.js';
import { isPlainObject } from '../model/json.js';
import type { KubeObject } from '../model/types.js';
import { mediaType, parseBody, readBody, sendJson } from './http-io.js';
import { servePodLog, type PodLogSource } from './log-handler.js';
import { rendererFor } from './render.js';
import type { WatchHub } from './watch-stream.js';

export interface ResourceRoute {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface ResourceDeps {
  api: KubeApi;
  watches: WatchHub;
  logs: PodLogSource;
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

function selectorsOf(query: URLSearchParams): Selectors {
  try {
    return { labels: parseLabelSelector(query.get('labelSelector')), fields: parseFieldSelector(query.get('fieldSelector')) };
  } catch (err) {
    if (err instanceof SelectorError || err instanceof FieldSelectorError) throw badRequest(err.message);
    throw err;
  }
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

function deleteOptionsOf(query: URLSearchParams, body: unknown): DeleteOptions {
  const b = isPlainObject(body) ? (body as Record<string, unknown>) : {};
  const grace = query.get('gracePeriodSeconds') ?? (b.gracePeriodSeconds !== undefined ? String(b.gracePeriodSeconds) : null);
  let propagation = (query.get('propagationPolicy') ?? b.propagationPolicy) as Propagation | undefined;
  const orphan = query.get('orphanDependents') ?? (b.orphanDependents !== undefined ? String(b.orphanDependents) : null);
  if (!propagation && orphan !== null) propagation = orphan === 'true' ? 'Orphan' : 'Background';
  if (propagation && !['Foreground', 'Background', 'Orphan'].includes(propagation)) throw badRequest(`unknown propagationPolicy "${propagation}"`);
  const dryRun = query.getAll('dryRun').includes('All') || (Array.isArray(b.dryRun) && b.dryRun.includes('All'));
  return {
    dryRun,
    propagationPolicy: propagation,
    gracePeriodSeconds: grace !== null ? Number(grace) : undefined,
    preconditions: isPlainObject(b.preconditions) ? (b.preconditions as DeleteOptions['preconditions']) : undefined,
  };
}

export async function handleResource(req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams, deps: ResourceDeps): Promise<void> {
  const { api } = deps;
  const { type, namespace, name, subresource } = route;
  const method = req.method ?? 'GET';
  const render = rendererFor(req, query, type);
  const dryRun = query.getAll('dryRun').includes('All');
  if (subresource !== undefined && !type.subresources.includes(subresource as never)) throw methodNotAllowed();
  if (method !== 'GET' && !type.writable) throw methodNotAllowed();
  if (type.namespaced && namespace === undefined && method !== 'GET') throw methodNotAllowed();

  if (method === 'GET') {
    if (subresource === 'log') return servePodLog(res, api, deps.logs, type, namespace!, name!, query);
    if (name === undefined) {
      const selectors = selectorsOf(query);
      if (isTrue(query.get('watch'))) {
        deps.watches.serve(res, {
          type,
          namespace,
          selectors,
          resourceVersion: query.get('resourceVersion') ?? undefined,
          allowBookmarks: isTrue(query.get('allowWatchBookmarks')),
          sendInitialEvents: isTrue(query.get('sendInitialEvents')),
          timeoutSeconds: query.get('timeoutSeconds') ? Number(query.get('timeoutSeconds')) : undefined,
          render: render.watchEvent,
        });
        return;
      }
      const { items, resourceVersion } = api.list(type, namespace, selectors);
      return sendJson(res, 200, render.list(items, resourceVersion));
    }
    if (subresource === 'scale') return sendJson(res, 200, getScale(api, type, namespace!, name));
    return sendJson(res, 200, render.one(api.get(type, namespace, name)));
  }

  const type_ = mediaType(req);
  const body = parseBody(await readBody(req), type_);
  const status = subresource === 'status' ? ('status' as const) : undefined;
  switch (method) {
    case 'POST': {
      if (name !== undefined) throw methodNotAllowed();
      const created = api.create(type, namespace, body, { dryRun });
      return sendJson(res, 201, created);
    }
    case 'PUT': {
      if (name === undefined) throw methodNotAllowed();
      if (subresource === 'scale') return sendJson(res, 200, updateScale(api, type, namespace!, name, body, { dryRun }));
      return sendJson(res, 200, api.update(type, namespace, name, body, { dryRun, subresource: status }));
    }
    case 'PATCH': {
      if (name === undefined) throw methodNotAllowed();
      const kind = PATCH_TYPES[type_];
      if (!kind) throw unsupportedMediaType(type_);
      if (subresource === 'scale') return sendJson(res, 200, patchScale(api, type, namespace!, name, kind, body, { dryRun }));
      const existed = api.tryGet(type, namespace, name) !== undefined;
      const patched = api.patch(type, namespace, name, kind, body, { dryRun, subresource: status });
      return sendJson(res, existed ? 200 : 201, patched);
    }
    case 'DELETE': {
      const options = deleteOptionsOf(query, body);
      if (name === undefined) {
        const { items } = api.list(type, namespace, selectorsOf(query));
        const deleted: KubeObject[] = items.map((item) => api.delete(type, item.metadata.namespace, item.metadata.name!, options).object);
        return sendJson(res, 200, render.list(deleted, String(api.store.currentRevision())));
      }
      const result = api.delete(type, namespace, name, options);
      const isPod = type.group === '' && type.resource === 'pods';
      if (result.removed && !isPod) return sendJson(res, 200, result.status);
      return sendJson(res, 200, result.object);
    }
    default:
      throw methodNotAllowed();
  }
}
