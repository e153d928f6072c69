/** Tables of Deployments, ReplicaSets, StatefulSets, Jobs and CronJobs, with kubectl's columns and cell formats. */
import { formatLabelSelector } from '../api/label-selector.js';
import { ageOf, humanDuration } from '../model/time.js';
import type { KubeObject } from '../model/types.js';
import { AGE_COLUMN, NAME_COLUMN, column, containerCells, type TableDefinition } from './table.js';

const CONTAINERS = column('Containers', 'Names of each container in the template.', { priority: 1 });
const IMAGES = column('Images', 'Images referenced by each container in the template.', { priority: 1 });
const SELECTOR = column('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', { priority: 1 });

function templateSpec(obj: KubeObject): { containers?: { name: string; image?: string }[] } | undefined {
  return obj.spec?.template?.spec;
}

export const DEPLOYMENT_TABLE: TableDefinition = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'Number of the pod with ready state'),
    column('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    `${obj.status?.readyReplicas ?? 0}/${obj.spec?.replicas ?? 0}`,
    obj.status?.updatedReplicas ?? 0,
    obj.status?.availableReplicas ?? 0,
    ageOf(obj.metadata.creationTimestamp, now),
    ...containerCells(templateSpec(obj)),
    formatLabelSelector(obj.spec?.selector),
  ],
};

export const REPLICASET_TABLE: TableDefinition = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'Replicas is the number of desired replicas.'),
    column('Current', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    obj.spec?.replicas ?? 0,
    obj.status?.replicas ?? 0,
    obj.status?.readyReplicas ?? 0,
    ageOf(obj.metadata.creationTimestamp, now),
    ...containerCells(templateSpec(obj)),
    formatLabelSelector(obj.spec?.selector),
  ],
};

export const STATEFULSET_TABLE: TableDefinition = {
  columns: [NAME_COLUMN, column('Ready', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS, IMAGES],
  cells: (obj, now) => [
    obj.metadata.name,
    `${obj.status?.readyReplicas ?? 0}/${obj.spec?.replicas ?? 0}`,
    ageOf(obj.metadata.creationTimestamp, now),
    ...containerCells(templateSpec(obj)),
  ],
};

function hasCondition(obj: KubeObject, type: string): boolean {
  return ((obj.status?.conditions ?? []) as { type: string; status: string }[]).some((c) => c.type === type && c.status === 'True');
}

export function jobStatusText(obj: KubeObject): string {
  if (hasCondition(obj, 'Complete')) return 'Complete';
  if (hasCondition(obj, 'Failed')) return 'Failed';
  if (obj.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(obj, 'Suspended')) return 'Suspended';
  if (hasCondition(obj, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(obj, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function completions(obj: KubeObject): string {
  const succeeded = obj.status?.succeeded ?? 0;
  if (obj.spec?.completions !== undefined && obj.spec.completions !== null) return `${succeeded}/${obj.spec.completions}`;
  const parallelism = obj.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(obj: KubeObject, now: number): string {
  const start = obj.status?.startTime;
  if (!start) return '';
  const end = obj.status?.completionTime ? Date.parse(obj.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

export const JOB_TABLE: TableDefinition = {
  columns: [
    NAME_COLUMN,
    column('Status', 'Status of the job.'),
    column('Completions', 'The desired number of successfully finished pods the job should be run with.'),
    column('Duration', 'Time required to complete the job.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    column('Selector', 'A label query over pods that should match the pod count.', { priority: 1 }),
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    jobStatusText(obj),
    completions(obj),
    duration(obj, now),
    ageOf(obj.metadata.creationTimestamp, now),
    ...containerCells(templateSpec(obj)),
    formatLabelSelector(obj.spec?.selector),
  ],
};

export const CRONJOB_TABLE: TableDefinition = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    column('Suspend', 'This flag tells the controller to suspend subsequent executions.'),
    column('Active', 'A list of pointers to currently running jobs.'),
    column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    column('Selector', 'A label query over pods that should match the pod count.', { priority: 1 }),
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    obj.spec?.schedule ?? '',
    obj.spec?.timeZone ?? '<none>',
    obj.spec?.suspend === undefined || obj.spec?.suspend === null ? '<unset>' : obj.spec.suspend ? 'True' : 'False',
    (obj.status?.active ?? []).length,
    obj.status?.lastScheduleTime ? ageOf(obj.status.lastScheduleTime, now) : '<none>',
    ageOf(obj.metadata.creationTimestamp, now),
    ...containerCells(obj.spec?.jobTemplate?.spec?.template?.spec),
    formatLabelSelector(obj.spec?.jobTemplate?.spec?.selector) || '<none>',
  ],
};
