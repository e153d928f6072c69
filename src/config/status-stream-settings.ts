/**
 * `SlimFaas:StatusStream:*` (platform.md §3.7): the dashboard stream's settings with their
 * defaults, validated at start; an invalid value throws an Error naming the key.
 */

export interface StatusStreamSettings {
  /** Period of full `state` frames, and their cache duration (> 0). */
  readonly stateIntervalMilliseconds: number;
  /** Cache of the queue lengths used in frames (≥ 0; 0 = no cache). */
  readonly queueLengthsCacheMilliseconds: number;
  /** Cache of the job statuses used in frames (≥ 0). */
  readonly jobsCacheMilliseconds: number;
  /** Peer activity pull period (> 0). */
  readonly peerSyncIntervalMilliseconds: number;
  /** Delay before the first peer pull (≥ 0). */
  readonly peerSyncInitialDelayMilliseconds: number;
  /** Concurrent SSE clients per node (≥ 0; 0 = unlimited); above → 429. */
  readonly maxSseClients: number;
  /** Per-client buffer of live events, oldest dropped when full (> 0). */
  readonly subscriberChannelCapacity: number;
  /** Recent events kept in memory (> 0). */
  readonly recentActivityLimit: number;
  /** Event ids remembered for de-duplication, trimmed to half when exceeded (> 0). */
  readonly knownIdsLimit: number;
  /** Live events broadcast per second per node (≥ 0; 0 = unlimited). */
  readonly maxLiveEventsPerSecond: number;
  /** Share of live events broadcast, 0–1 (storage and peer sync are not sampled). */
  readonly liveEventSamplingRatio: number;
  /** Max events per `activity_batch` frame (> 0). */
  readonly liveActivityBatchSize: number;
}

const PREFIX = 'SlimFaas:StatusStream:';

function invalid(name: string, expected: string, raw: string): never {
  const key = PREFIX + name;
  throw new Error(`Invalid configuration ${key} (${key.replace(/:/g, '__')}): expected ${expected} (got ${JSON.stringify(raw)})`);
}

/** Reads the group through `get` (the key in `A:B:C` form; undefined when absent or blank). */
export function readStatusStreamSettings(get: (key: string) => string | undefined): StatusStreamSettings {
  const int = (name: string, fallback: number, min: 0 | 1): number => {
    const raw = get(PREFIX + name);
    if (raw === undefined) return fallback;
    const text = raw.trim();
    const value = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min) return invalid(name, min === 0 ? 'an integer ≥ 0' : 'an integer > 0', raw);
    return value === 0 ? 0 : value;
  };
  const ratio = (name: string, fallback: number): number => {
    const raw = get(PREFIX + name);
    if (raw === undefined) return fallback;
    const text = raw.trim();
    const value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
    if (!(value >= 0 && value <= 1)) return invalid(name, 'a number between 0 and 1', raw);
    return value;
  };
  return Object.freeze({
    stateIntervalMilliseconds: int('StateIntervalMilliseconds', 1000, 1),
    queueLengthsCacheMilliseconds: int('QueueLengthsCacheMilliseconds', 1000, 0),
    jobsCacheMilliseconds: int('JobsCacheMilliseconds', 1000, 0),
    peerSyncIntervalMilliseconds: int('PeerSyncIntervalMilliseconds', 2000, 1),
    peerSyncInitialDelayMilliseconds: int('PeerSyncInitialDelayMilliseconds', 5000, 0),
    maxSseClients: int('MaxSseClients', 0, 0),
    subscriberChannelCapacity: int('SubscriberChannelCapacity', 10_000, 1),
    recentActivityLimit: int('RecentActivityLimit', 1000, 1),
    knownIdsLimit: int('KnownIdsLimit', 10_000, 1),
    maxLiveEventsPerSecond: int('MaxLiveEventsPerSecond', 0, 0),
    liveEventSamplingRatio: ratio('LiveEventSamplingRatio', 1),
    liveActivityBatchSize: int('LiveActivityBatchSize', 100, 1),
  });
}

export const DEFAULT_STATUS_STREAM: StatusStreamSettings = readStatusStreamSettings(() => undefined);
