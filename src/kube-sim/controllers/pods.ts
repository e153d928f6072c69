/** Pod helpers shared by the controllers: creation from a template, activity and readiness, and which pods go first on scale-down. */
import { ownerReferenceTo } from '../api/object-meta.js';
import type { ResourceType } from '../api/resource-types.js';
import { clone } from '../model/json.js';
import type { KubeObject, Pod, PodTemplateSpec } from '../model/types.js';

export interface PodOrigin {
  ownerType: ResourceType;
  owner: KubeObject;
  name?: string;
  generateName?: string;
  extraLabels?: Record<string, string>;
  specPatch?: Record<string, unknown>;
}

export function podFromTemplate(template: PodTemplateSpec, origin: PodOrigin): KubeObject {
  const meta = clone(template.metadata ?? {});
  delete meta.creationTimestamp;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(origin.name ? { name: origin.name } : { generateName: origin.generateName }),
      namespace: origin.owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}), ...(origin.extraLabels ?? {}) },
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ownerReferences: [ownerReferenceTo(origin.ownerType, origin.owner)],
    },
    spec: { ...clone(template.spec), ...(origin.specPatch ?? {}) },
  };
}

export function isTerminal(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Counts toward replicas: not being deleted and not finished. */
export function isActive(pod: KubeObject): boolean {
  return !pod.metadata.deletionTimestamp && !isTerminal(pod);
}

export function isReady(pod: KubeObject): boolean {
  return ((pod as Pod).status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function isRunningAndReady(pod: KubeObject): boolean {
  return pod.status?.phase === 'Running' && isReady(pod);
}

function restarts(pod: KubeObject): number {
  return ((pod as Pod).status?.containerStatuses ?? []).reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** The ReplicaSet controller's deletion order: unscheduled, pending, not ready, more restarts, newer first. */
export function deletionOrder(a: KubeObject, b: KubeObject): number {
  const scheduled = (p: KubeObject): number => (p.spec?.nodeName ? 1 : 0);
  if (scheduled(a) !== scheduled(b)) return scheduled(a) - scheduled(b);
  const phase = (p: KubeObject): number => PHASE_RANK[p.status?.phase ?? 'Pending'] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: KubeObject): number => (isReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  return Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? '');
}
