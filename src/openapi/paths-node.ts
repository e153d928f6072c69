/** The node's own routes: probes and metrics, the dashboard at `/`, `/ws` (WebSocket functions), `/logs/{function}`, `/openapi.json`. */
import type { Paths } from './types.js';
import { empty, internalCallers, json, jsonError, pathParam, queryParam, response, text } from './common.js';

/** Marks an operation whose route answers every method the same way (the drift test accepts any method on it). */
const anyMethod = { 'x-any-method': true };

export const nodePaths: Paths = {
  '/health': {
    get: {
      summary: 'Liveness probe', operationId: 'health', tags: ['node'], ...anyMethod, 'x-ports': 'public',
      responses: { '200': response('Alive.', text({ type: 'string', const: 'OK' })) },
    },
  },
  '/ready': {
    get: {
      summary: 'Readiness probe', operationId: 'ready', tags: ['node'], ...anyMethod, 'x-ports': 'public',
      responses: {
        '200': response('Ready.', text({ type: 'string', const: 'READY' })),
        '503': response('Not ready (starting, or the store is unavailable).', text({ type: 'string', const: 'NOT_READY' })),
      },
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics (queues, async dispatch, autoscaler, scraper, HTTP, Node.js process)', operationId: 'metrics', tags: ['node'],
      responses: { '200': response('Prometheus text exposition.', { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } }) },
    },
  },
  '/': {
    get: {
      summary: 'The dashboard (the built web root; its assets are served at their own paths)', operationId: 'dashboard', tags: ['node'],
      responses: { '200': response('The dashboard page.', { 'text/html': { schema: { type: 'string' } } }), '304': empty('Not modified (ETag).') },
    },
    head: {
      summary: 'The dashboard, headers only', operationId: 'dashboardHead', tags: ['node'],
      responses: { '200': empty('Headers of the dashboard page.'), '304': empty('Not modified (ETag).') },
    },
  },
  '/openapi.json': {
    get: {
      summary: 'This OpenAPI 3.1 document', operationId: 'openapi', tags: ['node'],
      responses: { '200': response('The document.', json({ type: 'object' })) },
    },
  },
  '/ws': {
    get: {
      summary: 'WebSocket upgrade: a process registers as a WebSocket function',
      description: 'On `SlimFaas__WebSocketPort` (5003), or on every port when it is 0. Protocol: functions.md §11 (JSON text envelopes, binary frames for sync calls).',
      operationId: 'webSocket', tags: ['node'], ...anyMethod,
      parameters: [
        { name: 'Upgrade', in: 'header', required: true, schema: { type: 'string', const: 'websocket' } },
        { name: 'Connection', in: 'header', required: true, schema: { type: 'string', const: 'Upgrade' } },
      ],
      responses: {
        '101': empty('Switching protocols: the WebSocket is open.'),
        '400': response('A plain HTTP request on the WebSocket port.', text({ type: 'string', const: 'Expected a WebSocket request.' })),
        '404': empty('Not the WebSocket port.'),
      },
    },
  },
  '/logs/{functionName}': {
    get: {
      summary: 'Recent output lines of a function\'s replicas (NDJSON, oldest first)',
      operationId: 'functionLogs', tags: ['node'], ...internalCallers, 'x-ports': 'public',
      parameters: [
        pathParam('functionName', 'The function name.'),
        queryParam('tail', 'The last N lines in all (0–1000, default 100).', { type: 'integer', minimum: 0, maximum: 1000, default: 100 }),
        queryParam('replica', 'One pod name.'),
        queryParam('since', 'RFC 3339 time, inclusive.', { type: 'string', format: 'date-time' }),
        queryParam('follow', '`true`: keep the answer open after the tail and stream each new line until the client goes away (default false).', { type: 'boolean', default: false }),
      ],
      responses: {
        '200': response('One JSON object per line.', {
          'application/x-ndjson': {
            schema: { type: 'string', description: 'Newline-delimited JSON; each line is an `x-line-schema` object.' },
            'x-line-schema': {
              type: 'object', required: ['replica', 'time', 'stream', 'line'],
              properties: { replica: { type: 'string' }, time: { type: 'string', format: 'date-time' }, stream: { type: 'string', enum: ['stdout', 'stderr'] }, line: { type: 'string' } },
            },
          },
        }),
        '400': jsonError('Invalid query.'),
        '403': jsonError('Not an internal caller.'),
        '404': jsonError('Unknown function.'),
        '503': jsonError('The logs are unavailable right now.'),
      },
    },
  },
};
