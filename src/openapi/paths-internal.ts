/** Node-to-node routes (several nodes on one Redis): activity events, data file bytes, spooled async bodies. */
import type { Paths } from './types.js';
import { activityEventSchema } from './paths-status.js';
import { binary, clusterOnly, empty, json, pathParam, queryParam, response } from './common.js';

const tags = ['internal'];

export const internalPaths: Paths = {
  '/internal/activity-events': {
    get: {
      summary: 'This node\'s activity events since a time (peer sync of the status stream)', operationId: 'internalActivityEvents', tags, ...clusterOnly,
      description: 'Internal callers or the cluster token; `[]` when the front is disabled.',
      parameters: [queryParam('since', 'Unix milliseconds (0 when missing or not an integer).', { type: 'integer' })],
      responses: { '200': response('The events.', json({ type: 'array', items: activityEventSchema })), '403': empty('Neither internal nor the cluster token.') },
    },
  },
  '/internal/files/{id}': {
    get: {
      summary: 'The bytes of one version of a data file, if this node holds them', operationId: 'internalFile', tags, ...clusterOnly,
      parameters: [pathParam('id', 'The data file id.'), queryParam('sha', 'The SHA-256 of the version (64 hex).', { type: 'string', pattern: '^[0-9a-f]{64}$' })],
      responses: {
        '200': response('The bytes.', binary(), { 'X-SlimFaas-Expire-At-Ms': { description: 'Expiry, Unix milliseconds (0: none).', schema: { type: 'integer' } } }),
        '404': empty('Not held here, or no cluster token.'),
      },
    },
  },
  '/internal/async-bodies/queued/{functionName}/{elementId}': {
    get: {
      summary: 'An async request body spooled on this node (above 1 MiB)', operationId: 'internalAsyncBody', tags, ...clusterOnly,
      parameters: [pathParam('functionName', 'The function.'), pathParam('elementId', 'The queue element id.', { type: 'string', format: 'uuid' })],
      responses: { '200': response('The body.', binary()), '404': empty('Missing, or no cluster token.') },
    },
  },
};
