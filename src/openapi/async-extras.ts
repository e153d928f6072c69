/**
 * Additions to the function operations (issue "async results, dead letters, callbacks, cold start"):
 * `X-Callback-Url` on async calls, `SlimFaas-Cold-Start-Ms` and 429 + Retry-After on sync calls.
 * Each is one function applied by document.ts; drop its line if the feature does not land.
 */
import type { Operation, Paths } from './types.js';
import { METHODS } from './types.js';
import { json, jsonError, response, retryAfter } from './common.js';

function eachOperation(paths: Paths, path: string, apply: (op: Operation) => void): void {
  const item = paths[path];
  if (!item) return;
  for (const method of METHODS) {
    const op = item[method];
    if (op) apply(op);
  }
}

/** `X-Callback-Url`: the final response is POSTed there; a host outside `SlimFaas__AsyncCallbackAllowedHosts` is refused with 400. */
export function withAsyncCallbackHeader(paths: Paths): void {
  for (const path of ['/async-function/{functionName}', '/async-function/{functionName}/{functionPath}']) eachOperation(paths, path, (op) => {
    op.parameters = [...(op.parameters ?? []), {
      name: 'X-Callback-Url', in: 'header', required: false,
      description: 'When the call ends (success, failure or dead letter), its final response is sent to this URL. Its host must be listed in `SlimFaas__AsyncCallbackAllowedHosts`.',
      schema: { type: 'string', format: 'uri' },
    }];
    op.responses['400'] = jsonError('Malformed path, or an `X-Callback-Url` whose host is not allowed by `SlimFaas__AsyncCallbackAllowedHosts`.');
  });
}

/** `SlimFaas-Cold-Start-Ms` on sync responses that waited for a wake; 429 when too many calls already wait for one. */
export function withColdStart(paths: Paths): void {
  for (const path of ['/function/{functionName}', '/function/{functionName}/{functionPath}']) eachOperation(paths, path, (op) => {
    const relayed = op.responses.default as { headers?: Record<string, unknown> };
    relayed.headers = { ...relayed.headers, 'SlimFaas-Cold-Start-Ms': { description: 'Milliseconds (integer) the call waited for a ready replica (only when it had to wait).', schema: { type: 'integer', minimum: 0 } } };
    op.responses['429'] = response('More than `DefaultSync.MaxPendingWhileWaking` calls already wait on this node for the function to wake; nothing was forwarded.', json({
      type: 'object',
      required: ['error', 'function', 'maxPendingWhileWaking', 'retryAfterSeconds'],
      properties: { error: { type: 'string' }, function: { type: 'string' }, maxPendingWhileWaking: { type: 'integer' }, retryAfterSeconds: { type: 'integer' } },
    }), retryAfter);
  });
}
