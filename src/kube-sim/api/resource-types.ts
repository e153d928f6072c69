/** The resources kube-sim serves: group, version, plural, kind, scope, short names, verbs, subresources (what discovery lists). */

export type Subresource = 'status' | 'scale' | 'log';

export interface ResourceType {
  group: string;
  version: string;
  /** Plural, lower case: the URL segment. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
  /** False for resources the sim exposes read-only (nodes). */
  writable: boolean;
  /** Whether spec changes bump metadata.generation. */
  hasGeneration: boolean;
}

export const READ_VERBS = ['get', 'list', 'watch'];
export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function type(
  group: string,
  version: string,
  resource: string,
  kind: string,
  options: Partial<Omit<ResourceType, 'group' | 'version' | 'resource' | 'kind'>> = {},
): ResourceType {
  return {
    group,
    version,
    resource,
    kind,
    singular: options.singular ?? kind.toLowerCase(),
    namespaced: options.namespaced ?? true,
    shortNames: options.shortNames ?? [],
    categories: options.categories ?? [],
    subresources: options.subresources ?? [],
    writable: options.writable ?? true,
    hasGeneration: options.hasGeneration ?? false,
  };
}

const workload = { categories: ['all'], hasGeneration: true };

export const RESOURCE_TYPES: readonly ResourceType[] = [
  type('', 'v1', 'namespaces', 'Namespace', { namespaced: false, shortNames: ['ns'], subresources: ['status'] }),
  type('', 'v1', 'nodes', 'Node', { namespaced: false, shortNames: ['no'], subresources: ['status'], writable: false }),
  type('', 'v1', 'pods', 'Pod', { shortNames: ['po'], categories: ['all'], subresources: ['status', 'log'] }),
  type('', 'v1', 'services', 'Service', { shortNames: ['svc'], categories: ['all'], subresources: ['status'] }),
  type('', 'v1', 'serviceaccounts', 'ServiceAccount', { shortNames: ['sa'] }),
  type('', 'v1', 'configmaps', 'ConfigMap', { shortNames: ['cm'] }),
  type('', 'v1', 'secrets', 'Secret'),
  type('', 'v1', 'endpoints', 'Endpoints', { singular: 'endpoints', shortNames: ['ep'] }),
  type('', 'v1', 'events', 'Event', { shortNames: ['ev'] }),
  type('apps', 'v1', 'deployments', 'Deployment', { ...workload, shortNames: ['deploy'], subresources: ['status', 'scale'] }),
  type('apps', 'v1', 'statefulsets', 'StatefulSet', { ...workload, shortNames: ['sts'], subresources: ['status', 'scale'] }),
  type('apps', 'v1', 'replicasets', 'ReplicaSet', { ...workload, shortNames: ['rs'], subresources: ['status', 'scale'] }),
  type('batch', 'v1', 'jobs', 'Job', { ...workload, subresources: ['status'] }),
  type('batch', 'v1', 'cronjobs', 'CronJob', { ...workload, shortNames: ['cj'], subresources: ['status'] }),
  type('rbac.authorization.k8s.io', 'v1', 'roles', 'Role'),
  type('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding'),
  type('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', { namespaced: false }),
  type('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', { namespaced: false }),
];

export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** `deployments.apps`, `pods`: how error messages name a resource. */
export function qualifiedName(type: ResourceType): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}

export function typeKey(type: ResourceType): string {
  return `${type.group}/${type.resource}`;
}

export function findByResource(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.resource === resource);
}

/** By kind (`Deployment`), plural (`deployments`), singular, short name (`deploy`) or `resource.group`, case-insensitive. */
export function findByName(name: string): ResourceType | undefined {
  const n = name.toLowerCase();
  return RESOURCE_TYPES.find(
    (t) => t.kind.toLowerCase() === n || t.resource === n || t.singular === n || t.shortNames.includes(n) || qualifiedName(t) === n,
  );
}

export function findByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}

function must(group: string, resource: string): ResourceType {
  const found = RESOURCE_TYPES.find((t) => t.group === group && t.resource === resource);
  if (!found) throw new Error(`unknown resource ${group}/${resource}`);
  return found;
}

/** The types the controllers and the kubelet work with. */
export const TYPES = {
  namespaces: must('', 'namespaces'),
  nodes: must('', 'nodes'),
  pods: must('', 'pods'),
  serviceAccounts: must('', 'serviceaccounts'),
  services: must('', 'services'),
  deployments: must('apps', 'deployments'),
  replicaSets: must('apps', 'replicasets'),
  statefulSets: must('apps', 'statefulsets'),
  jobs: must('batch', 'jobs'),
} as const;
