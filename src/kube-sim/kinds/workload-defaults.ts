/** Defaulting of Deployments, ReplicaSets, StatefulSets, Jobs and CronJobs (apps/v1 and batch/v1 rules). */
import type { KubeObject } from '../model/types.js';
import { defaultPodSpec } from './pod-defaults.js';

function defaultTemplate(template: { spec?: unknown } | undefined): void {
  if (template?.spec && typeof template.spec === 'object') defaultPodSpec(template.spec as never, false);
}

export function defaultDeployment(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= {};
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
  }
  defaultTemplate(spec.template);
}

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  defaultTemplate(spec.template);
}

export function defaultStatefulSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.revisionHistoryLimit ??= 10;
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.partition ??= 0;
  }
  spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
  defaultTemplate(spec.template);
}

/** A Job's generated selector and template labels use its uid (`manualSelector` unset). */
export function defaultJob(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  if (spec.manualSelector !== true && obj.metadata.uid) {
    const uid = obj.metadata.uid;
    const name = obj.metadata.name ?? '';
    spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    spec.template ??= {};
    spec.template.metadata ??= {};
    spec.template.metadata.labels = {
      ...(spec.template.metadata.labels ?? {}),
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    };
  }
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...templateLabels };
  defaultTemplate(spec.template);
}

export function defaultCronJob(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultTemplate(spec.jobTemplate?.spec?.template);
}
