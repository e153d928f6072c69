/** The autoscaling debug routes (autoscaling.md §7): evaluate PromQL over the scraped series, describe the series store. */
import type { Paths } from './types.js';
import { json, jsonError, problem, response } from './common.js';

export const debugPaths: Paths = {
  '/debug/promql/eval': {
    post: {
      summary: 'Evaluate a PromQL query as a trigger would (also starts scraping its metric names)', operationId: 'debugPromqlEval', tags: ['autoscaling'],
      requestBody: {
        required: true,
        content: json({
          type: 'object', required: ['query'],
          properties: {
            query: { type: 'string' },
            deployment: { type: ['string', 'null'], description: 'Restrict to that function\'s series (plus SlimFaas\'s own).' },
            nowUnixSeconds: { type: ['integer', 'null'], description: 'Evaluate at that time (default: the newest scrape).' },
          },
        }),
      },
      responses: {
        '200': response('The value.', json({ type: 'object', required: ['value'], properties: { value: { type: 'number' } } })),
        '400': jsonError('Not a JSON object, missing/empty query, parse error, or a NaN/Infinity/empty result.'),
        '415': jsonError('Content-Type must be application/json.'),
        '500': problem('Evaluation error (e.g. many-to-many matching).'),
      },
    },
  },
  '/debug/store': {
    get: {
      summary: 'Describe the scraped-series store', operationId: 'debugStore', tags: ['autoscaling'],
      responses: {
        '200': response('Store statistics.', json({
          type: 'object', required: ['requestedMetricNames', 'timestampBuckets', 'seriesCount', 'totalPoints'],
          properties: { requestedMetricNames: { type: 'array', items: { type: 'string' } }, timestampBuckets: { type: 'integer' }, seriesCount: { type: 'integer' }, totalPoints: { type: 'integer' } },
        })),
      },
    },
  },
};
