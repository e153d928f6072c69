/** Wake and status routes (functions.md §9): wake one or all, status of one or all, the dashboard's SSE stream. */
import type { Paths } from './types.js';
import { empty, json, pathParam, response, schemaRef, text } from './common.js';

const name = pathParam('functionName', 'The function name.');
const publicPortsOnly = { 'x-ports': 'public' };

export const statusPaths: Paths = {
  '/wake-function/{functionName}': {
    post: {
      summary: 'Wake a function (in the background, coalesced per function for 3 s)',
      operationId: 'wakeFunction', tags: ['status'], parameters: [name], ...publicPortsOnly,
      responses: { '204': empty('Wake requested.'), '404': empty('Unknown function.') },
    },
  },
  '/wake-functions': {
    post: {
      summary: 'Wake every function', operationId: 'wakeFunctions', tags: ['status'], ...publicPortsOnly,
      responses: { '204': empty('Wake requested.') },
    },
  },
  '/status-functions': {
    get: {
      summary: 'Replicas of every function', operationId: 'statusFunctions', tags: ['status'], ...publicPortsOnly,
      responses: { '200': response('One entry per valid function.', json({ type: 'array', items: schemaRef('FunctionStatus') })) },
    },
  },
  '/status-function/{functionName}': {
    get: {
      summary: 'Replicas of one function', operationId: 'statusFunction', tags: ['status'], parameters: [name], ...publicPortsOnly,
      responses: { '200': response('The function status.', json(schemaRef('FunctionStatus'))), '404': empty('Unknown or invalid function.') },
    },
  },
  '/status-functions-stream': {
    get: {
      summary: 'Server-Sent Events for the dashboard: `state`, `activity`, `activity_batch`',
      description: 'Each frame is an `event: <name>` line and one `data:` JSON line. `state`: `{"Functions","Queues","Jobs","RecentActivity","SlimFaasReplicas","SlimFaasNodes","FrontEnabled","FrontMessage"}`; `activity`: one ActivityEvent; `activity_batch`: an array of them.',
      operationId: 'statusFunctionsStream', tags: ['status'], ...publicPortsOnly,
      responses: {
        '200': response('The event stream (never ends by itself).', { 'text/event-stream': { schema: { type: 'string' } } }),
        '429': response('More than `MaxSseClients` streams.', text({ type: 'string', const: 'Too many status stream clients.' })),
      },
    },
  },
};

export const activityEventSchema = {
  type: 'object',
  required: ['Id', 'Type', 'Source', 'Target', 'QueueName', 'TimestampMs', 'NodeId', 'SourcePod', 'TargetPod', 'CorrelationId'],
  properties: {
    Id: { type: 'string' },
    Type: { type: 'string', enum: ['request_in', 'enqueue', 'dequeue', 'request_out', 'response', 'event_publish', 'request_waiting', 'request_started', 'request_end'] },
    Source: { type: 'string' },
    Target: { type: 'string' },
    QueueName: { type: ['string', 'null'] },
    TimestampMs: { type: 'integer' },
    NodeId: { type: 'string' },
    SourcePod: { type: ['string', 'null'] },
    TargetPod: { type: ['string', 'null'] },
    CorrelationId: { type: ['string', 'null'] },
  },
};
