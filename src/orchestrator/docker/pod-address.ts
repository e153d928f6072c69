/**
 * Where SlimFaas reaches a replica. Network mode (SlimFaas in the compose network): the address on
 * SlimFaas's network and the container ports, highest first (platform.md §2.3.3). Host mode
 * (SlimFaas on the host): `127.0.0.1` and the host ports each container port publishes on loopback
 * or on every interface, ordered by container port highest first; annotations naming a container
 * port (`prometheus.io/port`) are rewritten to its host port. Pure.
 */
import { containerIps, portNumber, portProtocol, type InspectedContainer } from './inspected.js';

export type Addressing = { kind: 'host' } | { kind: 'network'; network: string | null };

export interface PodAddress {
  ip: string;
  /** `{pod_port}` first. */
  ports: number[];
  /** Container port → the port SlimFaas calls. */
  portMap: Map<number, number>;
}

/** Host-side addresses a published port is reachable at from `127.0.0.1`. */
const LOOPBACK_REACHABLE = new Set(['', '0.0.0.0', '127.0.0.1', '::']);

function hostAddress(c: InspectedContainer): PodAddress {
  const published: Array<[number, number]> = [];
  for (const [key, bindings] of Object.entries(c.NetworkSettings.Ports ?? {})) {
    const containerPort = portNumber(key);
    if (containerPort === null || portProtocol(key) !== 'tcp') continue;
    const binding = (bindings ?? []).find((b) => LOOPBACK_REACHABLE.has(b.HostIp ?? '') && /^\d+$/.test(b.HostPort ?? ''));
    const hostPort = binding ? Number(binding.HostPort) : 0;
    if (hostPort > 0 && !published.some(([p]) => p === containerPort)) published.push([containerPort, hostPort]);
  }
  published.sort((a, b) => b[0] - a[0]);
  return { ip: published.length > 0 ? '127.0.0.1' : '', ports: published.map(([, h]) => h), portMap: new Map(published) };
}

function networkAddress(c: InspectedContainer, network: string | null): PodAddress {
  const own = network ? c.NetworkSettings.Networks?.[network]?.IPAddress ?? '' : '';
  const ip = own || (containerIps(c)[0] ?? '');
  const keys = new Set([...Object.keys(c.NetworkSettings.Ports ?? {}), ...Object.keys(c.Config.ExposedPorts ?? {})]);
  const ports = [...new Set([...keys].map(portNumber).filter((p): p is number => p !== null))].sort((a, b) => b - a);
  return { ip, ports, portMap: new Map(ports.map((p) => [p, p])) };
}

export function podAddress(c: InspectedContainer, addressing: Addressing): PodAddress {
  return addressing.kind === 'host' ? hostAddress(c) : networkAddress(c, addressing.network);
}

/** Annotations naming a container port, rewritten to what SlimFaas calls (dropped when unreachable). */
const PORT_ANNOTATIONS = ['prometheus.io/port'];

export function podAnnotations(labels: Readonly<Record<string, string>>, address: PodAddress, addressing: Addressing): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  if (addressing.kind === 'network') return out;
  for (const key of PORT_ANNOTATIONS) {
    const text = out[key]?.trim();
    if (text === undefined) continue;
    const mapped = /^\d+$/.test(text) ? address.portMap.get(Number(text)) : undefined;
    if (mapped === undefined) delete out[key];
    else out[key] = String(mapped);
  }
  return out;
}
