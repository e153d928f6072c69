/** Service defaulting: type, affinity, IP families, target ports, and the allocation of cluster IPs and node ports. */
import type { KubeObject } from '../model/types.js';

export class ServiceAllocator {
  private nextIp = 1;

  /** `takenNodePorts` lists the node ports of the other services. */
  constructor(private readonly takenNodePorts: () => number[]) {}

  clusterIp(): string {
    const n = this.nextIp++;
    return `10.96.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
  }

  nodePort(): number {
    const taken = new Set(this.takenNodePorts());
    for (let port = 30000; port <= 32767; port++) if (!taken.has(port)) return port;
    throw new Error('no node port left');
  }
}

export function defaultService(obj: KubeObject, allocator: ServiceAllocator, old: KubeObject | undefined): void {
  const spec = (obj.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type === 'ExternalName') return;
  spec.clusterIP ??= old?.spec?.clusterIP ?? allocator.clusterIp();
  spec.clusterIPs ??= [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  const nodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (nodePorts) spec.externalTrafficPolicy ??= 'Cluster';
  for (const port of spec.ports ?? []) {
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
    if (nodePorts) {
      const previous = (old?.spec?.ports ?? []).find((p: { port: number }) => p.port === port.port);
      port.nodePort ??= previous?.nodePort ?? allocator.nodePort();
    }
  }
}
