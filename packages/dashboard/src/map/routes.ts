// Turns one activity event into the path and shape of its animation on the map.
import type { NetworkActivityEvent } from '../lib/types';
import type { MapLayout, Point } from './layout';

export type FlightKind = 'request' | 'async' | 'event' | 'response';

export interface FlightPlan {
  kind: FlightKind;
  points: Point[];
  color: string;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.|localhost$)/;

/** Where an actor (external, slimfaas, a function, a job) and its optional pod sit on the map. */
export function locate(layout: MapLayout, actor: string | null | undefined, pod: string | null | undefined): Point & { color: string } {
  const name = actor ?? 'external';
  const podName = pod && !LOOPBACK.test(pod) ? pod : null;
  if (name === 'slimfaas') return { ...layout.slimfaas, color: '#0f172a' };
  if (podName) {
    for (const job of layout.jobs) {
      const run = job.runs.find((r) => r.name === podName);
      if (run) return { x: run.x, y: run.y, color: job.color };
    }
  }
  const fn = layout.functions.find((f) => f.name === name);
  if (fn) {
    const replica = podName ? fn.replicas.find((r) => r.name === podName || r.ip === podName) : undefined;
    return replica ? { x: replica.x, y: replica.y, color: fn.color } : { x: fn.x, y: fn.y, color: fn.color };
  }
  const job = layout.jobs.find((j) => j.name === name);
  if (job) return { x: job.x, y: job.y, color: job.color };
  return { ...layout.external, color: '#64748b' };
}

function queueOf(layout: MapLayout, name: string | null | undefined): Point | null {
  const fn = layout.functions.find((f) => f.name === name);
  return fn ? fn.queue : null;
}

export const EVENT_COLOR = '#eab308';
export const RESPONSE_COLOR = '#22c55e';

export function planFlight(layout: MapLayout, event: NetworkActivityEvent): FlightPlan | null {
  const center = layout.slimfaas;
  const queueName = event.QueueName ?? null;
  switch (event.Type) {
    case 'request_in': {
      const from = locate(layout, event.Source, event.SourcePod);
      return { kind: queueName ? 'async' : 'request', points: [from, center], color: from.color };
    }
    case 'enqueue': {
      const from = event.Source && event.Source !== 'slimfaas' ? locate(layout, event.Source, event.SourcePod) : null;
      const queue = queueOf(layout, queueName ?? event.Target);
      if (!queue) return null;
      const points = from && (from.x !== center.x || from.y !== center.y) ? [from, center, queue] : [center, queue];
      return { kind: 'async', points, color: from?.color ?? '#6366f1' };
    }
    case 'dequeue': {
      const queue = queueOf(layout, queueName ?? event.Target ?? event.Source);
      if (!queue) return null;
      const to = locate(layout, queueName ?? event.Target, event.TargetPod);
      return { kind: 'async', points: [queue, to], color: to.color };
    }
    case 'request_out': {
      // An async call's last leg is drawn by its dequeue (queue → function).
      if (queueName && queueOf(layout, queueName)) return null;
      const to = locate(layout, event.Target, event.TargetPod);
      return { kind: queueName ? 'async' : 'request', points: [center, to], color: to.color };
    }
    case 'event_publish': {
      const to = locate(layout, event.Target, event.TargetPod);
      return { kind: 'event', points: [center, to], color: EVENT_COLOR };
    }
    case 'response': {
      const from = locate(layout, event.Source, event.SourcePod);
      const to = locate(layout, event.Target ?? 'slimfaas', event.TargetPod);
      return { kind: 'response', points: [from, to], color: RESPONSE_COLOR };
    }
    case 'request_end': {
      // The answer goes back to the caller (external, a function replica or a job run).
      if (!event.Target || event.Target === 'slimfaas') return null;
      const to = locate(layout, event.Target, event.TargetPod);
      return { kind: 'response', points: [center, to], color: RESPONSE_COLOR };
    }
    default:
      return null;
  }
}
