/**
 * The node's activity recorder (platform.md §6.2): a ring of its last `RecentActivityLimit` events
 * (ids `<nodeId>-<counter>`), events pulled from peers (de-duplicated by id, `KnownIdsLimit`), and
 * live subscribers behind the sampling ratio and the per-second cap. Disabled (`EnableFront=false`)
 * it records nothing. With nobody listening a record is one slot written in place: no allocation,
 * no JSON, no timer; ids and event objects are only built when read.
 */
import type { ActivityEvent, ActivityType } from './activity-event.js';

export interface RecorderOptions {
  nodeId: string;
  enabled: boolean;
  recentActivityLimit: number;
  knownIdsLimit: number;
  maxLiveEventsPerSecond: number;
  liveEventSamplingRatio: number;
  clock?: () => number;
  random?: () => number;
}

interface Slot {
  seq: number;
  type: ActivityType;
  source: string;
  target: string;
  queue: string | null;
  ts: number;
  sourcePod: string | null;
  targetPod: string | null;
  corr: number;
}

export type ActivityListener = (event: ActivityEvent) => void;

export class ActivityRecorder {
  readonly enabled: boolean;
  readonly nodeId: string;
  private readonly ring: Slot[] = [];
  private next = 0;
  private seq = 0;
  private readonly peers: ActivityEvent[] = [];
  private readonly known = new Set<string>();
  private readonly listeners = new Set<ActivityListener>();
  private windowSecond = -1;
  private windowCount = 0;
  private readonly clock: () => number;
  private readonly random: () => number;

  constructor(private readonly o: RecorderOptions) {
    this.enabled = o.enabled;
    this.nodeId = o.nodeId;
    this.clock = o.clock ?? Date.now;
    this.random = o.random ?? Math.random;
  }

  /** Records one event; returns its counter (a correlation handle for later events), 0 when disabled. */
  record(type: ActivityType, source: string, target: string, queue: string | null = null, sourcePod: string | null = null, targetPod: string | null = null, correlation = 0): number {
    if (!this.enabled) return 0;
    const seq = ++this.seq;
    const ts = this.clock();
    let slot: Slot;
    if (this.ring.length < this.o.recentActivityLimit) {
      slot = { seq, type, source, target, queue, ts, sourcePod, targetPod, corr: correlation };
      this.ring.push(slot);
    } else {
      slot = this.ring[this.next]!;
      slot.seq = seq; slot.type = type; slot.source = source; slot.target = target; slot.queue = queue;
      slot.ts = ts; slot.sourcePod = sourcePod; slot.targetPod = targetPod; slot.corr = correlation;
    }
    this.next = (this.next + 1) % this.o.recentActivityLimit;
    if (this.listeners.size > 0 && this.admit(ts)) this.broadcast(this.eventOf(slot));
    return seq;
  }

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  /** Live events (own and from peers) until the returned function is called. */
  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This node's own events, oldest first. */
  own(): ActivityEvent[] {
    const n = this.ring.length;
    const start = n < this.o.recentActivityLimit ? 0 : this.next;
    const out: ActivityEvent[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.eventOf(this.ring[(start + i) % n]!);
    return out;
  }

  /** `GET /internal/activity-events?since=`: own events with `TimestampMs > since`. */
  since(sinceMs: number): ActivityEvent[] {
    return this.own().filter((e) => e.TimestampMs > sinceMs);
  }

  /** The `RecentActivity` of a first `state` frame: own and peer events by time, the last `RecentActivityLimit`. */
  recent(): ActivityEvent[] {
    if (!this.enabled) return [];
    const all = this.peers.length === 0 ? this.own() : [...this.own(), ...this.peers].sort((a, b) => a.TimestampMs - b.TimestampMs);
    return all.length > this.o.recentActivityLimit ? all.slice(all.length - this.o.recentActivityLimit) : all;
  }

  /** Events pulled from a peer: the ones not seen yet are kept and broadcast; returns how many. */
  ingest(events: readonly ActivityEvent[]): number {
    if (!this.enabled) return 0;
    let added = 0;
    for (const event of events) {
      if (event.NodeId === this.nodeId || this.known.has(event.Id)) continue;
      this.remember(event.Id);
      this.peers.push(event);
      added++;
      if (this.listeners.size > 0 && this.admit(this.clock())) this.broadcast(event);
    }
    if (this.peers.length > this.o.recentActivityLimit) this.peers.splice(0, this.peers.length - this.o.recentActivityLimit);
    return added;
  }

  /** The event id of a counter returned by `record`. */
  idOf(seq: number): string {
    return `${this.nodeId}-${seq}`;
  }

  private remember(id: string): void {
    this.known.add(id);
    if (this.known.size <= this.o.knownIdsLimit) return;
    const keep = Math.floor(this.o.knownIdsLimit / 2);
    for (const old of this.known) {
      if (this.known.size <= keep) break;
      this.known.delete(old);
    }
  }

  /** Sampling and the per-second cap, for live broadcast only. */
  private admit(now: number): boolean {
    const ratio = this.o.liveEventSamplingRatio;
    if (ratio < 1 && !(this.random() < ratio)) return false;
    const max = this.o.maxLiveEventsPerSecond;
    if (max === 0) return true;
    const second = Math.floor(now / 1000);
    if (second !== this.windowSecond) {
      this.windowSecond = second;
      this.windowCount = 0;
    }
    if (this.windowCount >= max) return false;
    this.windowCount++;
    return true;
  }

  private broadcast(event: ActivityEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private eventOf(s: Slot): ActivityEvent {
    return {
      Id: this.idOf(s.seq),
      Type: s.type,
      Source: s.source,
      Target: s.target,
      QueueName: s.queue,
      TimestampMs: s.ts,
      NodeId: this.nodeId,
      SourcePod: s.sourcePod,
      TargetPod: s.targetPod,
      CorrelationId: s.corr === 0 ? null : this.idOf(s.corr),
    };
  }
}
