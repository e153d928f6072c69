/** Shared pieces of the OpenAPI document: components, `$ref` helpers, content and parameter builders. */
import type { Schema } from './types.js';

export const ref = (kind: 'schemas' | 'parameters' | 'responses' | 'headers', name: string) => ({ $ref: `#/components/${kind}/${name}` });
export const schemaRef = (name: string) => ref('schemas', name);

export const json = (schema: Schema) => ({ 'application/json': { schema } });
export const text = (schema: Schema = { type: 'string' }) => ({ 'text/plain': { schema } });
export const binary = (type = 'application/octet-stream') => ({ [type]: { schema: { type: 'string', contentMediaType: type } } });

export const response = (description: string, content?: Record<string, unknown>, headers?: Record<string, unknown>) => ({
  description,
  ...(content ? { content } : {}),
  ...(headers ? { headers } : {}),
});
export const empty = (description: string, headers?: Record<string, unknown>) => response(description, undefined, headers);
export const jsonError = (description: string) => response(description, json(schemaRef('Error')));
/** An RFC 9457 problem document (`Problem`). */
export const problem = (description: string) => response(description, { 'application/problem+json': { schema: schemaRef('Problem') } });

export const pathParam = (name: string, description: string, schema: Schema = { type: 'string' }) => ({ name, in: 'path', required: true, description, schema });
export const queryParam = (name: string, description: string, schema: Schema = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
export const headerParam = (name: string, description: string, schema: Schema = { type: 'string' }, required = false) => ({ name, in: 'header', required, description, schema });

/** Operations internal callers only may use (a replica of a `Trusted` function, a job, SlimFaas itself). */
export const internalCallers = { 'x-visibility': 'Internal', 'x-internal-only': true } as const;
/** Node-to-node operations authenticated by the cluster secret. */
export const clusterOnly = { ...internalCallers, security: [{ clusterToken: [] }] };

export const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };

export const components = {
  securitySchemes: {
    clusterToken: {
      type: 'apiKey',
      in: 'header',
      name: 'X-SlimFaas-Cluster-Token',
      description: 'HMAC token derived from the cluster secret (nodes sharing one Redis). Callers without it get 404 (403 on /internal/activity-events unless internal).',
    },
  },
  schemas: {
    Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem document.',
      properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' } },
    },
    FunctionStatus: {
      type: 'object',
      required: ['NumberReady', 'NumberRequested', 'PodType', 'Visibility', 'Name'],
      properties: {
        NumberReady: { type: 'integer', minimum: 0 },
        NumberRequested: { type: 'integer', minimum: 0 },
        PodType: { type: 'string', enum: ['Deployment', 'StatefulSet', 'WebSocket'] },
        Visibility: { type: 'string', enum: ['Public', 'Private'] },
        Name: { type: 'string' },
      },
    },
  } as Record<string, Schema>,
};
