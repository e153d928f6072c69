/**
 * The frame every data route shares: the visibility check first (a hidden route is an empty 404
 * whatever the request), then the path split into `{id}` and an optional operation segment.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraRoute } from '../gateway/http-server.js';
import type { GatewayContext } from '../gateway/context.js';
import type { Visibility } from '../model/function-config.js';
import { DataQuery } from './query.js';
import { hiddenFrom } from './visibility.js';
import { badRequest, methodNotAllowed, notFound } from './responses.js';
import { ROUTE_METHODS } from '../gateway/http-util.js';
import { INVALID_ID } from './ids.js';

/** What follows the base route: the collection, `{id}`, or `{id}/{operation}`. */
export type DataTarget = { kind: 'collection' } | { kind: 'item'; id: string; operation: string | null };

export type DataHandler = (req: IncomingMessage, res: ServerResponse, target: DataTarget, query: DataQuery) => Promise<void> | void;

/** Splits `rest` (percent-encoded, without leading `/`); null when it has more than two segments. */
export function dataTarget(rest: string): DataTarget | null | 'bad-encoding' {
  if (rest === '') return { kind: 'collection' };
  const parts = rest.split('/');
  if (parts.length > 2 || parts[0] === '' || parts[1] === '') return null;
  try {
    return { kind: 'item', id: decodeURIComponent(parts[0]!), operation: parts[1] === undefined ? null : decodeURIComponent(parts[1]) };
  } catch {
    return 'bad-encoding';
  }
}

/**
 * Every method reaches the handler, so that a hidden route is a 404 whatever the method (a 405
 * would tell an external caller that it exists); `methods` are those the base route serves.
 */
export function dataRoute(ctx: GatewayContext, visibility: Visibility, path: string, methods: string[], handler: DataHandler): ExtraRoute {
  const served = new Set(methods);
  return {
    path,
    prefix: true,
    methods: ROUTE_METHODS,
    handle: (req, res, rest, search) => {
      if (hiddenFrom(ctx, visibility, req)) return notFound(req, res);
      if (!served.has(req.method ?? '')) return methodNotAllowed(req, res);
      const target = dataTarget(rest);
      if (target === 'bad-encoding') return badRequest(req, res, INVALID_ID);
      if (target === null) return notFound(req, res);
      return handler(req, res, target, new DataQuery(search));
    },
  };
}
