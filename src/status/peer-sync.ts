/**
 * Peer activity aggregation (platform.md §1.7 NetworkActivityWorker, §6.2): while this node has
 * SSE clients and other nodes exist, it pulls `GET /internal/activity-events?since=<ms>` from each
 * peer (3 s timeout, the cluster token when a secret exists) first after
 * `PeerSyncInitialDelayMilliseconds`, then every `PeerSyncIntervalMilliseconds`, and hands the
 * events to the recorder, which keeps and broadcasts those not seen yet. A per-peer watermark
 * (minus an overlap, de-duplicated by id) bounds each answer.
 */
import { request } from '../util/http-client.js';
import type { Logger } from '../logging.js';
import { CLUSTER_TOKEN_HEADER, clusterToken } from '../cluster/cluster-auth.js';
import type { ActivityRecorder } from './activity-recorder.js';
import { parseActivityEvent, type ActivityEvent } from './activity-event.js';

export interface Peer {
  name: string;
  url: string;
}

/** Fetches a peer's events newer than `since`; throws on any failure. */
export type PeerFetch = (peer: Peer, since: number) => Promise<unknown>;

export interface PeerSyncOptions {
  recorder: ActivityRecorder;
  peers: () => readonly Peer[];
  intervalMs: number;
  initialDelayMs: number;
  logger: Logger;
  fetch: PeerFetch;
}

const OVERLAP_MS = 2000;
const TIMEOUT_MS = 3000;

export class PeerSync {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly watermarks = new Map<string, number>();

  constructor(private readonly o: PeerSyncOptions) {}

  start(): void {
    if (this.timer || !this.o.recorder.enabled) return;
    const tick = () => {
      this.timer = setTimeout(() => void this.pullOnce().finally(() => this.timer && tick()), this.o.intervalMs);
      this.timer.unref();
    };
    this.timer = setTimeout(() => void this.pullOnce().finally(() => this.timer && tick()), this.o.initialDelayMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One round over every peer; returns how many new events arrived. */
  async pullOnce(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const counts = await Promise.all(this.o.peers().map((peer) => this.pull(peer)));
      return counts.reduce((a, b) => a + b, 0);
    } finally {
      this.running = false;
    }
  }

  private async pull(peer: Peer): Promise<number> {
    const mark = this.watermarks.get(peer.name) ?? 0;
    let body: unknown;
    try {
      body = await this.o.fetch(peer, Math.max(0, mark - OVERLAP_MS));
    } catch (err) {
      this.o.logger.debug(`activity sync from ${peer.name}: ${(err as Error).message}`);
      return 0;
    }
    if (!Array.isArray(body)) return 0;
    const events = body.map(parseActivityEvent).filter((e): e is ActivityEvent => e !== null);
    for (const e of events) if (e.TimestampMs > mark) this.watermarks.set(peer.name, Math.max(this.watermarks.get(peer.name) ?? 0, e.TimestampMs));
    return this.o.recorder.ingest(events);
  }
}

/** The HTTP pull: `GET <url>/internal/activity-events?since=` with the cluster token when a secret exists. */
export function httpPeerFetch(secret: string | null): PeerFetch {
  const headers = secret ? { [CLUSTER_TOKEN_HEADER]: clusterToken(secret) } : {};
  return async (peer, since) => {
    const res = await request(`${peer.url}/internal/activity-events?since=${since}`, { headers, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`status ${res.statusCode}`);
    }
    return res.body.json();
  };
}
