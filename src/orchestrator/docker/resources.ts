/**
 * Resources both ways (platform.md §2.3.3, §2.3.5): a container's CPU/memory limits as the
 * dashboard's Kubernetes-style quantities (millicores, Mi), and a job's limits/requests as Docker
 * `HostConfig` fields (NanoCpus, Memory, MemoryReservation) the engine accepts. Pure.
 */
import { quantityValue } from '../../jobs/quantity.js';
import type { JobResources } from '../jobs.js';
import type { ResourceInfo } from '../orchestrator.js';
import type { InspectedContainer } from './inspected.js';

const MI = 1024 * 1024;
/** The engine refuses memory limits below 6 MB. */
const MIN_MEMORY = 6 * MI;

const millicores = (cores: number): string => `${Math.round(cores * 1000)}m`;
const mebibytes = (bytes: number): string => `${Math.round(bytes / MI)}Mi`;

export function dashboardResources(host: InspectedContainer['HostConfig']): ResourceInfo | null {
  let cpuLimit: string | null = null;
  if ((host.NanoCpus ?? 0) > 0) cpuLimit = millicores(host.NanoCpus! / 1e9);
  else if ((host.CpuQuota ?? 0) > 0 && (host.CpuPeriod ?? 0) > 0) cpuLimit = millicores(host.CpuQuota! / host.CpuPeriod!);
  const memoryLimit = (host.Memory ?? 0) > 0 ? mebibytes(host.Memory!) : null;
  const memoryRequest = (host.MemoryReservation ?? 0) > 0 ? mebibytes(host.MemoryReservation!) : null;
  if (cpuLimit === null && memoryLimit === null && memoryRequest === null) return null;
  return { CpuRequest: null, CpuLimit: cpuLimit, MemoryRequest: memoryRequest, MemoryLimit: memoryLimit };
}

export interface JobHostResources {
  NanoCpus?: number;
  Memory?: number;
  MemoryReservation?: number;
}

const positive = (text: string | undefined): number | null => {
  const value = text === undefined ? null : quantityValue(text);
  return value !== null && value > 0 ? value : null;
};

/** Limits (requests when a limit is absent) → NanoCpus and Memory; the memory request → MemoryReservation when below the limit. */
export function jobHostResources(resources: JobResources): JobHostResources {
  const out: JobHostResources = {};
  const cpu = positive(resources.Limits.cpu) ?? positive(resources.Requests.cpu);
  if (cpu !== null) out.NanoCpus = Math.max(1_000_000, Math.round(cpu * 1e9));
  const memory = positive(resources.Limits.memory) ?? positive(resources.Requests.memory);
  if (memory !== null) out.Memory = Math.max(MIN_MEMORY, Math.round(memory));
  const reservation = positive(resources.Requests.memory);
  if (reservation !== null && (out.Memory === undefined || reservation < out.Memory)) out.MemoryReservation = Math.round(reservation);
  return out;
}

/** A definition's resources from a blueprint container; a missing map is `{cpu: 100m, memory: 100Mi}` (jobs.md §2.6). */
export function definitionResources(host: InspectedContainer['HostConfig']): JobResources {
  const info = dashboardResources(host);
  const limits: Record<string, string> = {};
  if (info?.CpuLimit) limits.cpu = info.CpuLimit;
  if (info?.MemoryLimit) limits.memory = info.MemoryLimit;
  const requests: Record<string, string> = {};
  if (info?.MemoryRequest) requests.memory = info.MemoryRequest;
  const fallback = (m: Record<string, string>) => (Object.keys(m).length > 0 ? m : { cpu: '100m', memory: '100Mi' });
  return { Requests: fallback(requests), Limits: fallback(limits) };
}
