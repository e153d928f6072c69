/**
 * A minimal OpenAPI v3 (`/openapi/v3`, `/openapi/v3/<api|apis/group>/<version>`): one PATCH operation per kind
 * with its `x-kubernetes-group-version-kind` and the `fieldValidation` query parameter, which is what kubectl
 * checks to send server-side field validation instead of validating client-side against a full schema. There are
 * no component schemas: kubectl then computes `apply` patches from its built-in types. `/openapi/v2` is 404.
 */
import { createHash } from 'node:crypto';
import { RESOURCE_TYPES, type ResourceType } from '../api/resource-types.js';

function gvPath(t: ResourceType): string {
  return t.group === '' ? `api/${t.version}` : `apis/${t.group}/${t.version}`;
}

const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

function document(types: ResourceType[]): unknown {
  const paths: Record<string, unknown> = {};
  for (const t of types) {
    const base = `/${gvPath(t)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${t.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
        ],
        requestBody: { content: Object.fromEntries(PATCH_TYPES.map((m) => [m, { schema: { type: 'object' } }])), required: true },
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas: {} } };
}

export class OpenApiV3 {
  private readonly docs = new Map<string, { body: string; hash: string }>();

  constructor() {
    const byGv = new Map<string, ResourceType[]>();
    for (const t of RESOURCE_TYPES) byGv.set(gvPath(t), [...(byGv.get(gvPath(t)) ?? []), t]);
    for (const [path, types] of byGv) {
      const body = JSON.stringify(document(types));
      this.docs.set(path, { body, hash: createHash('sha512').update(body).digest('hex').slice(0, 128).toUpperCase() });
    }
  }

  root(): unknown {
    return { paths: Object.fromEntries([...this.docs].map(([path, d]) => [path, { serverRelativeURL: `/openapi/v3/${path}?hash=${d.hash}` }])) };
  }

  /** The document of `api/v1` or `apis/<group>/<version>`, serialised. */
  document(path: string): string | undefined {
    return this.docs.get(path)?.body;
  }
}
