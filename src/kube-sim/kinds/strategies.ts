/**
 * Per-resource rules of the API server (the "strategy" of each registry): defaulting, the status an object starts
 * with, create and update validation, and which name rule applies.
 */
import type { StatusCause } from '../api/api-error.js';
import type { ResourceType } from '../api/resource-types.js';
import type { KubeObject } from '../model/types.js';
import { defaultPodSpec } from './pod-defaults.js';
import { defaultService, type ServiceAllocator } from './service-defaults.js';
import {
  checkImmutable,
  validateCronJob,
  validateJob,
  validatePodSpec,
  validatePodUpdate,
  validateReplicated,
  validateRoleBinding,
  validateService,
} from './validation.js';
import { defaultCronJob, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet } from './workload-defaults.js';

export interface Strategy {
  nameRule: 'subdomain' | 'label';
  defaults(obj: KubeObject, old: KubeObject | undefined): void;
  /** The status of a new object (client-provided status is dropped); undefined keeps what was sent. */
  initialStatus?(obj: KubeObject): unknown;
  validate(obj: KubeObject): StatusCause[];
  validateUpdate?(obj: KubeObject, old: KubeObject): StatusCause[];
}

const plain: Strategy = { nameRule: 'subdomain', defaults: () => undefined, validate: () => [] };

function qosClass(obj: KubeObject): string {
  const containers = (obj.spec?.containers ?? []) as { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[];
  const any = containers.some((c) => Object.keys(c.resources?.requests ?? {}).length + Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    return ['cpu', 'memory'].every((r) => limits[r] !== undefined && requests[r] === limits[r]);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function createStrategies(allocator: ServiceAllocator): (type: ResourceType) => Strategy {
  const table: Record<string, Strategy> = {
    '/namespaces': {
      nameRule: 'label',
      defaults: (obj) => {
        obj.spec ??= {};
        obj.spec.finalizers ??= ['kubernetes'];
        obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name! };
      },
      initialStatus: () => ({ phase: 'Active' }),
      validate: () => [],
    },
    '/pods': {
      nameRule: 'subdomain',
      defaults: (obj) => defaultPodSpec((obj.spec ??= {}), true),
      initialStatus: (obj) => ({ phase: 'Pending', qosClass: qosClass(obj) }),
      validate: (obj) => validatePodSpec(obj.spec, 'spec', ['Always', 'OnFailure', 'Never']),
      validateUpdate: validatePodUpdate,
    },
    '/services': {
      nameRule: 'label',
      defaults: (obj, old) => defaultService(obj, allocator, old),
      initialStatus: () => ({ loadBalancer: {} }),
      validate: validateService,
      validateUpdate: (obj, old) => (old.spec?.clusterIP && obj.spec?.clusterIP !== old.spec.clusterIP ? checkImmutable(obj, old, [['spec', 'clusterIP']]) : []),
    },
    '/secrets': { ...plain, defaults: (obj) => void (obj.type ??= 'Opaque') },
    'apps/deployments': {
      nameRule: 'subdomain',
      defaults: defaultDeployment,
      initialStatus: () => ({}),
      validate: validateReplicated,
      validateUpdate: (obj, old) => checkImmutable(obj, old, [['spec', 'selector']]),
    },
    'apps/replicasets': {
      nameRule: 'subdomain',
      defaults: defaultReplicaSet,
      initialStatus: () => ({ replicas: 0 }),
      validate: validateReplicated,
      validateUpdate: (obj, old) => checkImmutable(obj, old, [['spec', 'selector']]),
    },
    'apps/statefulsets': {
      nameRule: 'label',
      defaults: defaultStatefulSet,
      initialStatus: () => ({ replicas: 0, availableReplicas: 0 }),
      validate: validateReplicated,
      validateUpdate: (obj, old) => checkImmutable(obj, old, [['spec', 'selector'], ['spec', 'serviceName'], ['spec', 'podManagementPolicy']]),
    },
    'batch/jobs': {
      nameRule: 'label',
      defaults: defaultJob,
      initialStatus: () => ({}),
      validate: validateJob,
      validateUpdate: (obj, old) => checkImmutable(obj, old, [['spec', 'selector'], ['spec', 'template'], ['spec', 'completions'], ['spec', 'completionMode']]),
    },
    'batch/cronjobs': { nameRule: 'subdomain', defaults: defaultCronJob, initialStatus: () => ({}), validate: validateCronJob },
    'rbac.authorization.k8s.io/rolebindings': { ...plain, validate: validateRoleBinding },
    'rbac.authorization.k8s.io/clusterrolebindings': { ...plain, validate: validateRoleBinding },
  };
  return (type) => table[`${type.group}/${type.resource}`] ?? plain;
}
