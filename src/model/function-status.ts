/**
 * Pod readiness rules (functions.md §1, §6.2) and the exact status JSON shape of functions.md §9.3
 * (`NumberReady`, `NumberRequested`, `PodType`, `Visibility`, `Name`, in that key order).
 */

import type { PodInfo, WorkloadInfo } from '../orchestrator/orchestrator.js';
import type { FunctionConfig, Visibility } from './function-config.js';

export type PodType = 'Deployment' | 'StatefulSet' | 'WebSocket';

export interface FunctionStatus {
  NumberReady: number;
  NumberRequested: number;
  PodType: PodType;
  Visibility: Visibility;
  Name: string;
}

/** Ready pod: container started and passing its readiness probe. */
export function isPodReady(pod: PodInfo): boolean {
  return pod.started && pod.ready;
}

/** Usable target: ready, with an IP and at least one port, or with an explicit endpoint URL. */
export function isPodUsable(pod: PodInfo): boolean {
  if (!isPodReady(pod)) return false;
  if (pod.endpointUrl) return true;
  return pod.ip !== '' && pod.ports.some((port) => port > 0);
}

/** Ready pods that can receive a call (see `isPodUsable`), in orchestrator order. */
export function readyPods(workload: WorkloadInfo): PodInfo[] {
  return workload.pods.filter(isPodUsable);
}

/** Endpoint-ready: at least one pod declares a port (`containerPort > 0`) or an endpoint URL. */
export function isEndpointReady(workload: WorkloadInfo): boolean {
  return workload.pods.some((pod) => Boolean(pod.endpointUrl) || pod.ports.some((port) => port > 0));
}

/** Ready in the sync sense: a usable ready pod and endpoint-ready. */
export function isFunctionReady(workload: WorkloadInfo): boolean {
  return readyPods(workload).length > 0 && isEndpointReady(workload);
}

/** Status of an orchestrated function: ready pods, desired replicas, kind, default visibility, name. */
export function functionStatus(
  workload: WorkloadInfo,
  config: Pick<FunctionConfig, 'defaultVisibility'>,
): FunctionStatus {
  return {
    NumberReady: workload.pods.filter(isPodReady).length,
    NumberRequested: workload.replicas,
    PodType: workload.kind,
    Visibility: config.defaultVisibility,
    Name: workload.name,
  };
}

/** Status of a WebSocket virtual function: both counts are its live connections. */
export function webSocketFunctionStatus(name: string, liveConnections: number, visibility: Visibility): FunctionStatus {
  return {
    NumberReady: liveConnections,
    NumberRequested: liveConnections,
    PodType: 'WebSocket',
    Visibility: visibility,
    Name: name,
  };
}

/**
 * Reasons that mean a replica cannot start or keep running (scheduling, quota, a crash loop, an
 * image that cannot be pulled, no port): scale-up waits (§2.6 step 3, issue 8). Scale-down never does.
 */
const START_FAILURES = new Set([
  'Unschedulable', 'FailedScheduling', 'ExceededQuota',
  'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError',
  'PortRangeExhausted', 'ProcessStartFailed',
]);

export function hasStartFailure(pod: Pick<PodInfo, 'failureReason'>): boolean {
  return START_FAILURES.has(pod.failureReason);
}
