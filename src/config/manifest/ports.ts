// Cross-field port rules of platform.md §2.4.2/§2.4.8: reserved cluster ports, process port range,
// debug and fixed process port collisions, and the process port budget.
import { parseDebugUrl } from './debug-url.js';
import type { LocalManifest } from './types.js';

export const isPort = (port: number): boolean => Number.isInteger(port) && port >= 1 && port <= 65535;

interface NamedPort {
  port: number;
  label: string;
}

/** Entrypoint, node HTTP and Raft ports, named as in the pre-flight messages of §2.4.5. */
export function reservedPorts(cluster: LocalManifest['cluster']): NamedPort[] {
  const ports: NamedPort[] = [{ port: cluster.entrypointPort, label: 'cluster.entrypointPort' }];
  for (let i = 0; i < cluster.nodes; i++) ports.push({ port: cluster.nodeHttpPortBase + i, label: `cluster.nodeHttpPortBase[${i}]` });
  for (let i = 0; i < cluster.nodes; i++) ports.push({ port: cluster.raftPortBase + i, label: `cluster.raftPortBase[${i}]` });
  return ports;
}

type PortSettings = Pick<LocalManifest, 'cluster' | 'processPorts' | 'functions' | 'processes'>;

export function checkPorts(manifest: PortSettings, errors: string[]): void {
  const { from, to } = manifest.processPorts;
  const rangeValid = isPort(from) && isPort(to) && from <= to;
  const inRange = (port: number) => rangeValid && port >= from && port <= to;
  const taken: NamedPort[] = [];
  /** `subject` names the port in the message, e.g. `processes.db.port 5432`. */
  const claim = (candidate: NamedPort, subject: string) => {
    const owner = taken.find((other) => other.port === candidate.port);
    if (owner) errors.push(`${subject} collides with ${owner.label}.`);
    else taken.push(candidate);
    return !owner;
  };

  for (const reserved of reservedPorts(manifest.cluster)) {
    claim(reserved, `${reserved.label} port ${reserved.port}`);
    if (inRange(reserved.port)) {
      errors.push(`processPorts ${from}-${to} must not contain ${reserved.label} port ${reserved.port}.`);
    }
  }

  let needed = 0;
  for (const fn of manifest.functions) {
    if (!fn.debugUrl) {
      needed += fn.maxReplicas;
      continue;
    }
    const endpoint = parseDebugUrl(fn.debugUrl);
    if (typeof endpoint === 'string') continue;
    const path = `functions.${fn.name}.debugUrl`;
    const subject = `${path} port ${endpoint.port}`;
    const reserved = reservedPorts(manifest.cluster).find((item) => item.port === endpoint.port);
    if (reserved) errors.push(`${subject} collides with ${reserved.label}.`);
    else if (endpoint.loopback && claim({ port: endpoint.port, label: path }, subject) && inRange(endpoint.port)) needed++;
  }

  for (const proc of manifest.processes) {
    if (proc.port === 'auto') needed++;
    else if (proc.port !== undefined) {
      const path = `processes.${proc.name}.port`;
      if (claim({ port: proc.port, label: path }, `${path} ${proc.port}`) && inRange(proc.port)) needed++;
    }
  }

  const size = to - from + 1;
  if (rangeValid && needed > size) {
    errors.push(
      `processPorts ${from}-${to} contains ${size} port(s) but function replica maxima and local processes require ${needed}.`,
    );
  }
}
