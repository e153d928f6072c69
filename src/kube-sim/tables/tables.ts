/** Which Table definition answers for which resource (the default Name / Created At for the rest). */
import type { ResourceType } from '../api/resource-types.js';
import {
  CONFIGMAP_TABLE,
  ENDPOINTS_TABLE,
  NAMESPACE_TABLE,
  NODE_TABLE,
  ROLE_BINDING_TABLE,
  SECRET_TABLE,
  SERVICE_ACCOUNT_TABLE,
  SERVICE_TABLE,
} from './other-tables.js';
import { POD_TABLE } from './pod-table.js';
import { DEFAULT_TABLE, type TableDefinition } from './table.js';
import { CRONJOB_TABLE, DEPLOYMENT_TABLE, JOB_TABLE, REPLICASET_TABLE, STATEFULSET_TABLE } from './workload-tables.js';

const BY_RESOURCE: Record<string, TableDefinition> = {
  '/pods': POD_TABLE,
  '/services': SERVICE_TABLE,
  '/namespaces': NAMESPACE_TABLE,
  '/nodes': NODE_TABLE,
  '/serviceaccounts': SERVICE_ACCOUNT_TABLE,
  '/configmaps': CONFIGMAP_TABLE,
  '/secrets': SECRET_TABLE,
  '/endpoints': ENDPOINTS_TABLE,
  'apps/deployments': DEPLOYMENT_TABLE,
  'apps/replicasets': REPLICASET_TABLE,
  'apps/statefulsets': STATEFULSET_TABLE,
  'batch/jobs': JOB_TABLE,
  'batch/cronjobs': CRONJOB_TABLE,
  'rbac.authorization.k8s.io/rolebindings': ROLE_BINDING_TABLE,
  'rbac.authorization.k8s.io/clusterrolebindings': ROLE_BINDING_TABLE,
};

export function tableDefinitionFor(type: ResourceType): TableDefinition {
  return BY_RESOURCE[`${type.group}/${type.resource}`] ?? DEFAULT_TABLE;
}
