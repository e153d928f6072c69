/** Function calls (functions.md §5–§8): sync `/function`, async `/async-function`, the 202-mode callback, `/publish-event`. */
import type { Method, Operation, Paths } from './types.js';
import { METHODS } from './types.js';
import { empty, jsonError, pathParam, response } from './common.js';

const functionName = pathParam('functionName', 'The function (Deployment/StatefulSet, process or WebSocket function) name.');
const functionPath = pathParam('functionPath', 'The path forwarded to the function (may contain `/`), canonicalised once: visibility is decided on it and it is forwarded byte for byte. Without it (`/function/{functionName}`, or a trailing `/`) the root is called.', { type: 'string' });
const eventName = pathParam('eventName', 'The event name (`SlimFaas/SubscribeEvents`).');
const anyBody = { required: false, description: 'Any body, streamed to the function as is.', content: { '*/*': { schema: {} } } };
const pathRefused = jsonError('The path climbs above the function root, has a malformed escape or a `..;` segment.');

/** One operation per HTTP method, the same shape for each. */
function everyMethod(make: (method: Method) => Operation): Record<Method, Operation> {
  return Object.fromEntries(METHODS.map((m) => [m, make(m)])) as Record<Method, Operation>;
}

const sync = (method: Method, bare = false): Operation => ({
  summary: `Sync call (${method.toUpperCase()}): proxied to a ready replica, waking it from zero`,
  description: 'Waits for a ready replica up to `DefaultSync.HttpTimeout`; the upstream status, headers and body are relayed as is and never retried.',
  operationId: `syncCall${bare ? 'Root' : ''}_${method}`,
  tags: ['functions'],
  ...(method === 'get' || method === 'head' ? {} : { requestBody: anyBody }),
  responses: {
    default: response('The function\'s own response, relayed as is.', { '*/*': { schema: {} } }),
    '400': pathRefused,
    '404': empty('Unknown, invalid or private function/path (for an external caller).'),
    '413': empty('The body exceeds `Kestrel__Limits__MaxRequestBodySize`.'),
    '503': empty('No ready replica in time, upstream timeout or network error.'),
  },
});

const asyncCall = (method: Method, bare = false): Operation => ({
  summary: `Async call (${method.toUpperCase()}): queued durably, answered 202`,
  description: 'Delivered FIFO with `SlimFaas-Element-Id`, `SlimFaas-Try-Number`, `Slimfaas-Last-Try`; retried per `DefaultAsync`; limited by `NumberParallelRequest` / `NumberParallelRequestPerPod`.',
  operationId: `asyncCall${bare ? 'Root' : ''}_${method}`,
  tags: ['functions'],
  ...(method === 'get' || method === 'head' ? {} : { requestBody: anyBody }),
  responses: {
    '202': empty('Stored durably.', { 'SlimFaas-Element-Id': { description: 'The queue element id.', schema: { type: 'string', format: 'uuid' } } }),
    '400': pathRefused,
    '404': empty('Unknown, invalid or private function/path.'),
    '413': empty('The body is too large.'),
    '429': empty('The shared store is busy.', { 'Retry-After': { schema: { type: 'integer' } } }),
    '503': jsonError('The shared store is unavailable; nothing was accepted.'),
  },
});

const publish = (method: Method, bare = false): Operation => ({
  summary: `Publish an event (${method.toUpperCase()}) to every ready replica of every subscriber`,
  description: 'Subscribers declare `SlimFaas/SubscribeEvents`. Replicas at zero or starting get nothing and are not woken. An external caller reaches only public paths of each subscriber.',
  operationId: `publishEvent${bare ? 'Root' : ''}_${method}`,
  tags: ['functions'],
  ...(method === 'get' || method === 'head' ? {} : { requestBody: anyBody }),
  responses: {
    '204': empty('Every delivery ended.'),
    '400': pathRefused,
    '404': empty('No subscriber the caller may reach.'),
    '413': empty('The body is too large.'),
  },
});

export const functionPaths: Paths = {
  '/function/{functionName}': { parameters: [functionName], ...everyMethod((m) => sync(m, true)) },
  '/function/{functionName}/{functionPath}': { parameters: [functionName, functionPath], ...everyMethod((m) => sync(m)) },
  '/async-function/{functionName}': { parameters: [functionName], ...everyMethod((m) => asyncCall(m, true)) },
  '/async-function/{functionName}/{functionPath}': { parameters: [functionName, functionPath], ...everyMethod((m) => asyncCall(m)) },
  '/async-function-callback/{functionName}/{elementId}/{status}': {
    post: {
      summary: 'Complete an async attempt the function answered with 202 ("202 mode")',
      operationId: 'asyncCallback',
      tags: ['functions'],
      parameters: [
        functionName,
        pathParam('elementId', 'The `SlimFaas-Element-Id` of the delivery.'),
        pathParam('status', '`success` records 200, anything else 500.', { type: 'string', examples: ['success', 'error'] }),
      ],
      responses: { '200': empty('Recorded.'), '404': empty('Unknown function or malformed path.') },
    },
  },
  '/publish-event/{eventName}': { parameters: [eventName], ...everyMethod((m) => publish(m, true)) },
  '/publish-event/{eventName}/{path}': {
    parameters: [eventName, pathParam('path', 'The path delivered to each subscriber replica (may contain `/`).')],
    ...everyMethod((m) => publish(m)),
  },
};
