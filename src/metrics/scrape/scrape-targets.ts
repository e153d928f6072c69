/**
 * Scrape targets from the topology (autoscaling.md §5.1): every pod with an IP, ready, with
 * `prometheus.io/scrape` true/1/yes and a positive `prometheus.io/port`, grouped by deployment key
 * (SlimFaas's own pods under `slimfaas`), duplicate URLs removed. The instance identity is the pod
 * IP, or `ip:port` on loopback where replicas share an address.
 */
import type { PodInfo } from '../../orchestrator/orchestrator.js';

/** Deployment key of SlimFaas's own pods. */
export const SLIMFAAS_DEPLOYMENT = 'slimfaas';

export interface ScrapeTarget {
  deployment: string;
  /** `instance` label of its series. */
  instance: string;
  url: string;
}

const LOOPBACK = /^(127\.|::1$|localhost$)/;

/** The target of one pod, or null when it is not to be scraped. */
export function podTarget(deployment: string, pod: PodInfo): ScrapeTarget | null {
  const annotations = pod.annotations ?? {};
  if (!pod.ip || !pod.ready) return null;
  if (!['true', '1', 'yes'].includes((annotations['prometheus.io/scrape'] ?? '').trim().toLowerCase())) return null;
  const portText = (annotations['prometheus.io/port'] ?? '').trim();
  const port = /^\d+$/.test(portText) ? Number(portText) : 0;
  if (!(port > 0 && port <= 65535)) return null;
  const scheme = (annotations['prometheus.io/scheme'] ?? '').trim() || 'http';
  const rawPath = (annotations['prometheus.io/path'] ?? '').trim() || '/metrics';
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const host = pod.ip.includes(':') ? `[${pod.ip}]` : pod.ip;
  return {
    deployment,
    instance: LOOPBACK.test(pod.ip) ? `${host}:${port}` : pod.ip,
    url: `${scheme}://${host}:${port}${path}`,
  };
}

/** Targets of functions and SlimFaas nodes, one per distinct URL within a deployment. */
export function scrapeTargets(functions: ReadonlyArray<{ name: string; pods: readonly PodInfo[] }>, nodes: readonly PodInfo[]): ScrapeTarget[] {
  const byDeployment = new Map<string, Map<string, ScrapeTarget>>();
  const add = (deployment: string, pods: readonly PodInfo[]) => {
    const targets = new Map<string, ScrapeTarget>();
    for (const pod of pods) {
      const target = podTarget(deployment, pod);
      if (target && !targets.has(target.url)) targets.set(target.url, target);
    }
    if (targets.size > 0) byDeployment.set(deployment, targets);
    else byDeployment.delete(deployment);
  };
  for (const fn of functions) add(fn.name, fn.pods);
  add(SLIMFAAS_DEPLOYMENT, nodes);
  return [...byDeployment.values()].flatMap((m) => [...m.values()]);
}
