/**
 * Assembles the dashboard's backend once per node (functions.md §9.5–§9.6), registered from the
 * root in one line: `GET /status-functions-stream` (public ports only; 429 above `MaxSseClients`)
 * and `GET /internal/activity-events?since=` (internal callers or the cluster token; `[]` when
 * the front is disabled), with the state source, the client hub and the peer sync.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../gateway/context.js';
import { callerIsInternal } from '../gateway/context.js';
import type { ExtraRoute } from '../gateway/http-server.js';
import { drain, send } from '../gateway/http-util.js';
import type { Settings } from '../config/settings.js';
import type { JobInfo } from '../orchestrator/jobs.js';
import type { Membership } from '../cluster/membership.js';
import { isClusterRequest } from '../cluster/cluster-auth.js';
import { StateSource } from './state-source.js';
import { StatusHub } from './status-hub.js';
import { SseClient } from './sse-client.js';
import { PeerSync, httpPeerFetch } from './peer-sync.js';

export const TOO_MANY_CLIENTS = 'Too many status stream clients.';

export interface StatusStreamDeps {
  ctx: GatewayContext;
  settings: Settings;
  jobs: { status(): Promise<unknown[]>; knownJobs(): readonly JobInfo[] };
  cluster?: { membership: Membership; secret: string | null };
}

/** `since` as an integer, 0 when missing or not an integer. */
export function parseSince(query: string): number {
  const raw = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query).get('since');
  return raw !== null && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : 0;
}

export function createStatusStream({ ctx, settings, jobs, cluster }: StatusStreamDeps): { routes: ExtraRoute[] } {
  const s = settings.statusStream;
  const { recorder } = ctx.network;
  ctx.network.setJobSource(jobs.knownJobs);
  const source = new StateSource({ registry: ctx.registry, store: ctx.store, jobsStatus: jobs.status, settings: s, frontEnabled: settings.enableFront });
  const peerSync = cluster
    ? new PeerSync({
        recorder,
        peers: () => cluster.membership.peers(),
        intervalMs: s.peerSyncIntervalMilliseconds,
        initialDelayMs: s.peerSyncInitialDelayMilliseconds,
        logger: ctx.logger,
        fetch: httpPeerFetch(cluster.secret),
      })
    : undefined;
  const hub = new StatusHub({ recorder, maxClients: s.maxSseClients, stateIntervalMs: s.stateIntervalMilliseconds, buildState: () => source.build([]), background: peerSync, logger: ctx.logger });

  const stream = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    drain(req);
    const client = new SseClient(res, s.subscriberChannelCapacity, s.liveActivityBatchSize);
    // The snapshot and the subscription are taken in the same tick: no event is lost or doubled.
    const recent = recorder.recent();
    if (!hub.tryAdd(client)) return send(res, 429, TOO_MANY_CLIENTS, { 'content-type': 'text/plain; charset=utf-8' });
    res.once('close', () => hub.remove(client));
    try {
      client.start(await source.build(recent));
    } catch (err) {
      hub.remove(client);
      throw err;
    }
  };

  const internalEvents = (req: IncomingMessage, res: ServerResponse, query: string): void => {
    drain(req);
    if (!callerIsInternal(ctx, req) && !isClusterRequest(req, cluster?.secret ?? null)) return send(res, 403);
    const events = recorder.enabled ? recorder.since(parseSince(query)) : [];
    send(res, 200, JSON.stringify(events), { 'content-type': 'application/json; charset=utf-8' });
  };

  const GET = new Set(['GET']);
  return {
    routes: [
      { path: '/status-functions-stream', portFiltered: true, methods: GET, handle: stream },
      { path: '/internal/activity-events', methods: GET, handle: (req, res, _rest, query) => internalEvents(req, res, query) },
    ],
  };
}
