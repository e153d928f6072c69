/** The objects a fresh simulated cluster starts with: the system namespaces and its one Node. */
import { arch, cpus, platform, release, totalmem } from 'node:os';
import type { KubeApi } from './api/kube-api.js';
import { TYPES } from './api/resource-types.js';
import { KUBERNETES_VERSION } from './http/discovery.js';
import { HOST_IP } from './kubelet/pod-status.js';
import { timestamp } from './model/time.js';

export const NODE_NAME = 'kube-sim';

export function seedCluster(api: KubeApi, namespaces: string[]): void {
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease', ...namespaces]) {
    if (!api.tryGet(TYPES.namespaces, undefined, name)) api.create(TYPES.namespaces, undefined, { metadata: { name } });
  }
  const goArch = arch() === 'x64' ? 'amd64' : arch();
  const now = timestamp();
  const capacity = { cpu: String(cpus().length), memory: `${Math.floor(totalmem() / 1024)}Ki`, pods: '250' };
  const node = api.create(TYPES.nodes, undefined, {
    metadata: {
      name: NODE_NAME,
      labels: {
        'kubernetes.io/hostname': NODE_NAME,
        'kubernetes.io/os': platform(),
        'kubernetes.io/arch': goArch,
        'node-role.kubernetes.io/control-plane': '',
      },
    },
    spec: {},
  });
  api.mutate(TYPES.nodes, undefined, node.metadata.name!, (o) => {
    o.status = {
      capacity,
      allocatable: capacity,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
      addresses: [
        { type: 'InternalIP', address: HOST_IP },
        { type: 'Hostname', address: NODE_NAME },
      ],
      nodeInfo: {
        kubeletVersion: KUBERNETES_VERSION.gitVersion,
        kubeProxyVersion: KUBERNETES_VERSION.gitVersion,
        osImage: 'kube-sim (local processes)',
        kernelVersion: release(),
        containerRuntimeVersion: 'kube-sim://local-processes',
        operatingSystem: platform(),
        architecture: goArch,
      },
    };
  });
}
