/** Dead letters of async calls (issue "async results, dead letters, callbacks, cold start"): list, inspect, replay, delete; internal callers only. Drop this module if its routes do not land. */
import type { Paths, Schema } from './types.js';
import { empty, internalCallers, json, pathParam, response, schemaRef } from './common.js';

const fn = pathParam('functionName', 'The function.');
const id = pathParam('elementId', 'The dead-lettered element id.');
const tags = ['dead letters'];
const dated = { type: ['string', 'null'], format: 'date-time' };
const apiError = (description: string, message?: string) => response(description, json({
  type: 'object', required: ['Error'], properties: { Error: message ? { type: 'string', const: message } : { type: 'string' } },
}));
const forbidden = apiError('Not an internal caller.', 'dead letters are for internal callers only');
const common = { tags, ...internalCallers, 'x-ports': 'public' };

export const deadLetterSchemas: Record<string, Schema> = {
  DeadLetterSummary: {
    type: 'object',
    required: ['Id', 'Function', 'LastStatus', 'TryCount', 'CreatedAt', 'DeadLetteredAt', 'ExpiresAt'],
    properties: {
      Id: { type: 'string' },
      Function: { type: 'string' },
      LastStatus: { type: 'integer', description: 'The status of the last attempt.' },
      TryCount: { type: 'integer' },
      CreatedAt: dated,
      DeadLetteredAt: dated,
      ExpiresAt: dated,
    },
  },
  DeadLetter: {
    allOf: [
      schemaRef('DeadLetterSummary'),
      {
        type: 'object',
        description: 'The captured request without its body, and the body size.',
        required: ['Request', 'BodySize'],
        properties: {
          Request: {
            type: ['object', 'null'],
            properties: {
              Method: { type: 'string' },
              Path: { type: 'string' },
              Query: { type: 'string' },
              Headers: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
            },
          },
          BodySize: { type: 'integer', minimum: 0 },
        },
      },
    ],
  },
};

export const deadLetterPaths: Paths = {
  '/async-dead-letters/{functionName}': {
    parameters: [fn],
    get: {
      summary: 'The dead letters of a function (ids, last status, times, try count)', operationId: 'listDeadLetters', ...common,
      responses: {
        '200': response('The dead letters.', json({ type: 'object', required: ['Function', 'Items'], properties: { Function: { type: 'string' }, Items: { type: 'array', items: schemaRef('DeadLetterSummary') } } })),
        '403': forbidden,
      },
    },
    delete: {
      summary: 'Delete every dead letter of a function', operationId: 'purgeDeadLetters', ...common,
      responses: {
        '200': response('How many were deleted.', json({ type: 'object', required: ['Function', 'Deleted'], properties: { Function: { type: 'string' }, Deleted: { type: 'integer' } } })),
        '403': forbidden,
      },
    },
  },
  '/async-dead-letters/{functionName}/{elementId}': {
    parameters: [fn, id],
    get: {
      summary: 'One dead letter: the captured request (without body) and its body size', operationId: 'getDeadLetter', ...common,
      responses: { '200': response('The dead letter.', json(schemaRef('DeadLetter'))), '403': forbidden, '404': apiError('Unknown dead letter.') },
    },
    delete: {
      summary: 'Delete one dead letter', operationId: 'deleteDeadLetter', ...common,
      responses: { '204': empty('Deleted.'), '403': forbidden, '404': apiError('Unknown dead letter.') },
    },
  },
  '/async-dead-letters/{functionName}/{elementId}/replay': {
    parameters: [fn, id],
    post: {
      summary: 'Queue a dead letter again (same id, fresh tries; its status starts again at Queued)', operationId: 'replayDeadLetter', ...common,
      responses: {
        '202': empty('Queued again.', { 'SlimFaas-Element-Id': { description: 'The same id.', schema: { type: 'string' } } }),
        '403': forbidden,
        '404': apiError('Unknown dead letter.'),
        '409': apiError('The id is queued already.', 'this id is queued already'),
      },
    },
  },
};
