/**
 * The network activity event of the dashboard stream (platform.md §6.2 `NetworkActivityEvent`):
 * its exact JSON shape (field order included), its types and actors. Pure.
 */

export type ActivityType =
  | 'request_in'
  | 'enqueue'
  | 'dequeue'
  | 'request_out'
  | 'response'
  | 'event_publish'
  | 'request_waiting'
  | 'request_started'
  | 'request_end';

/** SlimFaas itself as an actor; `external` is any caller that is not a replica or a job. */
export const SLIMFAAS = 'slimfaas';
export const EXTERNAL = 'external';

export interface ActivityEvent {
  /** `<nodeId>-<counter>`. */
  Id: string;
  Type: ActivityType;
  /** `external`, `slimfaas`, a function name or a job name. */
  Source: string;
  Target: string;
  QueueName: string | null;
  /** Unix milliseconds. */
  TimestampMs: number;
  /** The recording node's `HOSTNAME`. */
  NodeId: string;
  SourcePod: string | null;
  TargetPod: string | null;
  /** Pairs a `request_end`/`response` with its `request_in`/`request_out` (an event Id). */
  CorrelationId: string | null;
}

const TYPES = new Set<string>(['request_in', 'enqueue', 'dequeue', 'request_out', 'response', 'event_publish', 'request_waiting', 'request_started', 'request_end']);

const str = (v: unknown): v is string => typeof v === 'string';
const nullableStr = (v: unknown): string | null | undefined => (v === null || v === undefined ? null : typeof v === 'string' ? v : undefined);

/** An event received from a peer, checked and re-built in the canonical field order; null when malformed. */
export function parseActivityEvent(value: unknown): ActivityEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!str(v.Id) || !str(v.Type) || !TYPES.has(v.Type) || !str(v.Source) || !str(v.Target) || !str(v.NodeId)) return null;
  if (typeof v.TimestampMs !== 'number' || !Number.isFinite(v.TimestampMs)) return null;
  const queueName = nullableStr(v.QueueName);
  const sourcePod = nullableStr(v.SourcePod);
  const targetPod = nullableStr(v.TargetPod);
  const correlationId = nullableStr(v.CorrelationId);
  if (queueName === undefined || sourcePod === undefined || targetPod === undefined || correlationId === undefined) return null;
  return {
    Id: v.Id,
    Type: v.Type as ActivityType,
    Source: v.Source,
    Target: v.Target,
    QueueName: queueName,
    TimestampMs: v.TimestampMs,
    NodeId: v.NodeId,
    SourcePod: sourcePod,
    TargetPod: targetPod,
    CorrelationId: correlationId,
  };
}
