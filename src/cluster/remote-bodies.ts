/**
 * Async request bodies spooled on another node (several nodes share one store, but a body above
 * 1 MiB is a file on the node that accepted it): the leader streams it from its owner over
 * `GET /internal/async-bodies/queued/<fn>/<id>`, authenticated by the cluster secret.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { request } from '../util/http-client.js';
import { drain, send } from '../gateway/http-util.js';
import type { ExtraRoute } from '../gateway/http-server.js';
import { BodyMissingError, type BodySpool } from '../queue/body-spool.js';
import { CLUSTER_TOKEN_HEADER, clusterToken, isClusterRequest } from './cluster-auth.js';

const SPOOL_NAME = /^queued\/[^/]+\/[0-9a-f-]{36}$/;

/** Opens `file` on node `owner` (its base URL from the membership); BodyMissingError when it cannot. */
export function remoteBodyOpener(secret: string, urlOf: (owner: string) => Promise<string | undefined>): (file: string, owner: string) => Promise<Readable> {
  return async (file, owner) => {
    const base = await urlOf(owner);
    if (!base || !SPOOL_NAME.test(file)) throw new BodyMissingError(`async body ${file} is on node ${owner}, which is not reachable`);
    const res = await request(`${base}/internal/async-bodies/${file}`, { headers: { [CLUSTER_TOKEN_HEADER]: clusterToken(secret) }, headersTimeout: 10_000 }).catch((err: Error) => {
      throw new BodyMissingError(`async body ${file} on node ${owner}: ${err.message}`);
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new BodyMissingError(`async body ${file} is missing on node ${owner} (${res.statusCode})`);
    }
    return res.body as unknown as Readable;
  };
}

/** `GET /internal/async-bodies/queued/<fn>/<id>` from this node's spool; 404 to anyone without the cluster token. */
export function internalBodiesRoute(spool: BodySpool, secret: string | null): ExtraRoute {
  return {
    path: '/internal/async-bodies',
    prefix: true,
    methods: new Set(['GET']),
    handle: async (req: IncomingMessage, res: ServerResponse, rest: string) => {
      drain(req);
      if (!isClusterRequest(req, secret) || !SPOOL_NAME.test(rest)) return send(res, 404);
      const stream = await spool.open(rest).catch(() => null);
      if (!stream) return send(res, 404);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      await pipeline(stream, res).catch(() => res.destroy());
    },
  };
}
