/** Async results (issue "async results, dead letters, callbacks, cold start"): the status and the final response of an async call. Drop this module if its routes do not land. */
import type { Paths, Schema } from './types.js';
import { json, pathParam, response, retryAfter, schemaRef } from './common.js';

const fn = pathParam('functionName', 'The function the call was queued for.');
const id = pathParam('elementId', 'The `SlimFaas-Element-Id` answered with the 202.');
const asyncStatus = { 'SlimFaas-Async-Status': { description: 'The call\'s status (`Queued`, `Running`, `WaitingRetry`, `Succeeded`, `Failed`, `DeadLettered`).', schema: { type: 'string' } } };
const notFound = response('Unknown function, unknown or expired call, or not visible to this caller (the function\'s visibility on the original path).', json({
  type: 'object', required: ['Error'], properties: { Error: { type: 'string', const: 'unknown or expired async call' } },
}));
const visibility = { 'x-ports': 'public', 'x-visibility': 'As the original call: a private function or path answers 404 to external callers' };

export const asyncResultSchemas: Record<string, Schema> = {
  AsyncCallStatus: {
    type: 'object',
    required: ['Id', 'Function', 'Status', 'CreatedAt', 'Attempts'],
    properties: {
      Id: { type: 'string' },
      Function: { type: 'string' },
      Status: { type: 'string', enum: ['Queued', 'Running', 'WaitingRetry', 'Succeeded', 'Failed', 'DeadLettered'] },
      CreatedAt: { type: 'string', format: 'date-time' },
      Attempts: {
        type: 'array',
        items: {
          type: 'object',
          required: ['TryNumber', 'StartedAt', 'DurationMs', 'StatusCode'],
          properties: { TryNumber: { type: 'integer', minimum: 1 }, StartedAt: { type: 'string', format: 'date-time' }, DurationMs: { type: ['integer', 'null'] }, StatusCode: { type: ['integer', 'null'] } },
        },
      },
    },
  },
};

export const asyncResultPaths: Paths = {
  '/async-function-status/{functionName}/{elementId}': {
    get: {
      summary: 'The status of an async call and its attempts', operationId: 'asyncCallStatus', tags: ['async results'], parameters: [fn, id], ...visibility,
      responses: { '200': response('The status.', json(schemaRef('AsyncCallStatus'))), '404': notFound },
    },
  },
  '/async-function-result/{functionName}/{elementId}': {
    get: {
      summary: 'The function\'s final response to an async call, as it was (status, headers, body)', operationId: 'asyncCallResult', tags: ['async results'], parameters: [fn, id], ...visibility,
      responses: {
        default: response('The final response of the function: its status, headers and body as they were.', { '*/*': { schema: {} } }, {
          ...asyncStatus,
          'SlimFaas-Result-Body': { description: '`too-large` when the body exceeded `ResultMaxBytes` and was not kept.', schema: { type: 'string', const: 'too-large' } },
        }),
        '202': response('Not finished yet.', undefined, { ...retryAfter, ...asyncStatus }),
        '404': notFound,
      },
    },
  },
};
