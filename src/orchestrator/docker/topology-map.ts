/**
 * Listing → topology (platform.md §2.3.3): labelled function containers grouped by `app`; the
 * desired count is the pending target while SlimFaas scales, else the live non-template
 * containers; pods are the live replicas with address, readiness (running and, when a
 * healthcheck exists, healthy) and annotations; metadata and resources from a live replica,
 * else the template, else a dead replica. Pure.
 */
import type { PodInfo, WorkloadInfo } from '../orchestrator.js';
import { LABEL, containerName, roleOf } from './labels.js';
import { containerIps, isLive, labelsOf, timeMs, type InspectedContainer } from './inspected.js';
import { podAddress, podAnnotations, type Addressing } from './pod-address.js';
import { dashboardResources } from './resources.js';

export interface FunctionGroup {
  name: string;
  /** Non-template containers in any state, oldest first. */
  replicas: InspectedContainer[];
  /** Templates, oldest first. */
  templates: InspectedContainer[];
}

const byAge = (a: InspectedContainer, b: InspectedContainer): number =>
  (a.Created ?? '').localeCompare(b.Created ?? '') || a.Name.localeCompare(b.Name);

export function groupFunctions(containers: Iterable<InspectedContainer>): Map<string, FunctionGroup> {
  const groups = new Map<string, FunctionGroup>();
  for (const c of containers) {
    const role = roleOf(c.Name, labelsOf(c));
    if (role !== 'replica' && role !== 'template') continue;
    const name = labelsOf(c)[LABEL.app]!.trim();
    const group = groups.get(name) ?? { name, replicas: [], templates: [] };
    (role === 'template' ? group.templates : group.replicas).push(c);
    groups.set(name, group);
  }
  for (const group of groups.values()) {
    group.replicas.sort(byAge);
    group.templates.sort(byAge);
  }
  return groups;
}

export const liveReplicas = (group: FunctionGroup): InspectedContainer[] => group.replicas.filter(isLive);

function failureReason(c: InspectedContainer): string {
  if (c.State.Restarting) return 'CrashLoopBackOff';
  if (c.State.OOMKilled) return 'OOMKilled';
  if (c.State.Error) return 'ContainerCannotRun';
  if (c.State.Health?.Status === 'unhealthy') return 'Unhealthy';
  return '';
}

export function podOf(c: InspectedContainer, addressing: Addressing): PodInfo {
  const address = podAddress(c, addressing);
  const running = c.State.Status === 'running' && c.State.Running && !c.State.Restarting;
  const health = c.State.Health?.Status;
  return {
    name: containerName(c.Name),
    ip: address.ip,
    ports: address.ports,
    started: c.State.Status !== 'created' && timeMs(c.State.StartedAt) !== null,
    ready: running && address.ip !== '' && (health === undefined || health === 'healthy'),
    failureReason: failureReason(c),
    annotations: podAnnotations(labelsOf(c), address, addressing),
    ...(addressing.kind === 'host' ? { callerIps: containerIps(c) } : {}),
  };
}

const BOOKKEEPING = new Set<string>([LABEL.template, LABEL.publishedPorts]);

function functionAnnotations(c: InspectedContainer): Record<string, string> {
  return Object.fromEntries(Object.entries(labelsOf(c)).filter(([key]) => !BOOKKEEPING.has(key)));
}

export function workloadOf(group: FunctionGroup, desired: number | undefined, addressing: Addressing): WorkloadInfo {
  const live = liveReplicas(group);
  const meta = live[0] ?? group.templates[0] ?? group.replicas[0]!;
  return {
    name: group.name,
    kind: 'Deployment',
    replicas: desired ?? live.length,
    annotations: functionAnnotations(meta),
    pods: live.map((c) => podOf(c, addressing)),
    resources: dashboardResources(meta.HostConfig),
  };
}

export function workloadsOf(containers: Iterable<InspectedContainer>, desired: ReadonlyMap<string, number>, addressing: Addressing): WorkloadInfo[] {
  return [...groupFunctions(containers).values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((group) => workloadOf(group, desired.get(group.name), addressing));
}
