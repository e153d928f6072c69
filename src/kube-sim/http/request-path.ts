/** Parses an API URL path into what it addresses: a discovery document, OpenAPI, or a resource (namespace, name, subresource). */
import { findByResource, type ResourceType } from '../api/resource-types.js';

export type Route =
  | { kind: 'api' }
  | { kind: 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; group: string; version: string }
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'openapiV2' }
  | { kind: 'openapiV3Root' }
  | { kind: 'openapiV3'; path: string }
  | { kind: 'resource'; type: ResourceType; namespace?: string; name?: string; subresource?: string }
  | { kind: 'notFound' };

const HEALTH = new Set(['/healthz', '/livez', '/readyz']);

function resourceRoute(group: string, version: string, rest: string[]): Route {
  let namespace: string | undefined;
  let segments = rest;
  if (segments[0] === 'namespaces' && segments.length >= 3 && !(segments.length === 3 && ['status', 'finalize'].includes(segments[2]!))) {
    namespace = segments[1];
    segments = segments.slice(2);
  }
  const [resource, name, subresource, ...extra] = segments;
  if (!resource || extra.length > 0) return { kind: 'notFound' };
  const type = findByResource(group, version, resource);
  if (!type) return { kind: 'notFound' };
  if (namespace !== undefined && !type.namespaced) return { kind: 'notFound' };
  return { kind: 'resource', type, namespace, name, subresource };
}

export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/version') return { kind: 'version' };
  if (HEALTH.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/')) return { kind: 'health' };
  if (path === '/openapi/v2') return { kind: 'openapiV2' };
  if (path === '/openapi/v3') return { kind: 'openapiV3Root' };
  if (path.startsWith('/openapi/v3/')) return { kind: 'openapiV3', path: path.slice('/openapi/v3/'.length) };
  let segments: string[];
  try {
    segments = path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { kind: 'notFound' };
  }
  if (segments[0] === 'api') {
    if (segments.length === 1) return { kind: 'api' };
    if (segments[1] !== 'v1') return { kind: 'notFound' };
    if (segments.length === 2) return { kind: 'groupVersion', group: '', version: 'v1' };
    return resourceRoute('', 'v1', segments.slice(2));
  }
  if (segments[0] === 'apis') {
    if (segments.length === 1) return { kind: 'apis' };
    const group = segments[1]!;
    if (segments.length === 2) return { kind: 'group', group };
    const version = segments[2]!;
    if (segments.length === 3) return { kind: 'groupVersion', group, version };
    return resourceRoute(group, version, segments.slice(3));
  }
  return { kind: 'notFound' };
}
