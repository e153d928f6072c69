/** Tables of Services, Namespaces, Nodes, ServiceAccounts, ConfigMaps, Secrets, Endpoints and role bindings. */
import { ageOf } from '../model/time.js';
import type { KubeObject } from '../model/types.js';
import { AGE_COLUMN, NAME_COLUMN, column, type TableDefinition } from './table.js';

interface ServicePort {
  port: number;
  nodePort?: number;
  protocol?: string;
}

function servicePorts(obj: KubeObject): string {
  const ports: ServicePort[] = obj.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

function selectorText(selector: Record<string, string> | undefined): string {
  const entries = Object.entries(selector ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

export const SERVICE_TABLE: TableDefinition = {
  columns: [
    NAME_COLUMN,
    column('Type', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  cells: (obj, now) => {
    const type = obj.spec?.type ?? 'ClusterIP';
    const external = (obj.spec?.externalIPs ?? []).join(',') || (type === 'LoadBalancer' ? '<pending>' : type === 'ExternalName' ? obj.spec?.externalName ?? '<none>' : '<none>');
    return [obj.metadata.name, type, obj.spec?.clusterIP ?? '<none>', external, servicePorts(obj), ageOf(obj.metadata.creationTimestamp, now), selectorText(obj.spec?.selector)];
  },
};

export const NAMESPACE_TABLE: TableDefinition = {
  columns: [NAME_COLUMN, column('Status', 'The status of the namespace'), AGE_COLUMN],
  cells: (obj, now) => [obj.metadata.name, obj.status?.phase ?? '', ageOf(obj.metadata.creationTimestamp, now)],
};

export const NODE_TABLE: TableDefinition = {
  columns: [
    NAME_COLUMN,
    column('Status', 'The status of the node'),
    column('Roles', 'The roles of the node'),
    AGE_COLUMN,
    column('Version', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    column('External-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    column('Kernel-Version', 'Kernel Version reported by the node.', { priority: 1 }),
    column('Container-Runtime', 'ContainerRuntime Version reported by the node.', { priority: 1 }),
  ],
  cells: (obj, now) => {
    const info = obj.status?.nodeInfo ?? {};
    const internal = (obj.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '<none>';
    const roles = Object.keys(obj.metadata.labels ?? {})
      .filter((l) => l.startsWith('node-role.kubernetes.io/'))
      .map((l) => l.slice('node-role.kubernetes.io/'.length))
      .join(',');
    return [obj.metadata.name, 'Ready', roles || '<none>', ageOf(obj.metadata.creationTimestamp, now), info.kubeletVersion ?? '', internal, '<none>', info.osImage ?? '', info.kernelVersion ?? '', info.containerRuntimeVersion ?? ''];
  },
};

export const SERVICE_ACCOUNT_TABLE: TableDefinition = {
  columns: [NAME_COLUMN, column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE_COLUMN],
  cells: (obj, now) => [obj.metadata.name, ((obj.secrets as unknown[] | undefined) ?? []).length, ageOf(obj.metadata.creationTimestamp, now)],
};

export const CONFIGMAP_TABLE: TableDefinition = {
  columns: [NAME_COLUMN, column('Data', 'Data contains the configuration data.'), AGE_COLUMN],
  cells: (obj, now) => [
    obj.metadata.name,
    Object.keys((obj.data as object | undefined) ?? {}).length + Object.keys((obj.binaryData as object | undefined) ?? {}).length,
    ageOf(obj.metadata.creationTimestamp, now),
  ],
};

export const SECRET_TABLE: TableDefinition = {
  columns: [NAME_COLUMN, column('Type', 'The type of the secret'), column('Data', 'The number of keys in the secret'), AGE_COLUMN],
  cells: (obj, now) => [obj.metadata.name, obj.type ?? 'Opaque', Object.keys((obj.data as object | undefined) ?? {}).length, ageOf(obj.metadata.creationTimestamp, now)],
};

export const ENDPOINTS_TABLE: TableDefinition = {
  columns: [NAME_COLUMN, column('Endpoints', 'Endpoints of the service'), AGE_COLUMN],
  cells: (obj, now) => {
    const subsets = (obj.subsets as { addresses?: { ip: string }[]; ports?: { port: number }[] }[] | undefined) ?? [];
    const list = subsets.flatMap((s) => (s.addresses ?? []).flatMap((a) => (s.ports ?? [{ port: 0 }]).map((p) => `${a.ip}:${p.port}`)));
    return [obj.metadata.name, list.length === 0 ? '<none>' : list.join(','), ageOf(obj.metadata.creationTimestamp, now)];
  },
};

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export const ROLE_BINDING_TABLE: TableDefinition = {
  columns: [
    NAME_COLUMN,
    column('Role', 'Role referenced by this binding'),
    AGE_COLUMN,
    column('Users', 'Users in the binding', { priority: 1 }),
    column('Groups', 'Groups in the binding', { priority: 1 }),
    column('ServiceAccounts', 'ServiceAccounts in the binding', { priority: 1 }),
  ],
  cells: (obj, now) => {
    const roleRef = (obj.roleRef as { kind?: string; name?: string } | undefined) ?? {};
    const subjects = (obj.subjects as Subject[] | undefined) ?? [];
    const of = (kind: string): string => subjects.filter((s) => s.kind === kind).map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name)).join(', ');
    return [obj.metadata.name, `${roleRef.kind}/${roleRef.name}`, ageOf(obj.metadata.creationTimestamp, now), of('User'), of('Group'), of('ServiceAccount')];
  },
};
