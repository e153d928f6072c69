import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRoute } from './request-path.js';

function describeRoute(path: string): string {
  const route = parseRoute(path);
  if (route.kind !== 'resource') return route.kind;
  return [route.type.group || 'core', route.type.resource, route.namespace ?? '-', route.name ?? '-', route.subresource ?? '-'].join(' ');
}

describe('request paths', () => {
  const cases: [string, string][] = [
    ['/api', 'api'],
    ['/api/v1', 'groupVersion'],
    ['/apis', 'apis'],
    ['/apis/apps', 'group'],
    ['/apis/apps/v1', 'groupVersion'],
    ['/version', 'version'],
    ['/healthz', 'health'],
    ['/readyz/ping', 'health'],
    ['/openapi/v2', 'openapiV2'],
    ['/openapi/v3', 'openapiV3Root'],
    ['/openapi/v3/apis/apps/v1', 'openapiV3'],
    ['/api/v1/pods', 'core pods - - -'],
    ['/api/v1/namespaces', 'core namespaces - - -'],
    ['/api/v1/namespaces/default', 'core namespaces - default -'],
    ['/api/v1/namespaces/default/status', 'core namespaces - default status'],
    ['/api/v1/namespaces/default/pods', 'core pods default - -'],
    ['/api/v1/namespaces/default/pods/web-0/log', 'core pods default web-0 log'],
    ['/apis/apps/v1/namespaces/ns/deployments/web/scale', 'apps deployments ns web scale'],
    ['/apis/apps/v1/deployments', 'apps deployments - - -'],
    ['/apis/batch/v1/namespaces/ns/cronjobs/', 'batch cronjobs ns - -'],
    ['/apis/rbac.authorization.k8s.io/v1/clusterroles/admin', 'rbac.authorization.k8s.io clusterroles - admin -'],
    ['/api/v1/namespaces/ns/nodes', 'notFound'],
    ['/api/v2/pods', 'notFound'],
    ['/apis/apps/v1/namespaces/ns/widgets', 'notFound'],
    ['/apis/apps/v1/namespaces/ns/deployments/a/b/c', 'notFound'],
    ['/metrics', 'notFound'],
  ];
  for (const [path, expected] of cases) it(path, () => assert.equal(describeRoute(path), expected));
});
