/**
 * Jobs as Kubernetes sees them (jobs.md §2.6, §6): a run becomes a `batch/v1` Job (the four
 * `slimfaas-job-*` labels on the Job and its pods, `SlimFaas/DependsOn`, the definition's
 * backoffLimit/TTL/restartPolicy, validated resources, environment with references); a Job and
 * its pods become a `JobInfo`; a suspended CronJob annotated `SlimFaas/Job` becomes a definition.
 */
import type { V1CronJob, V1EnvFromSource, V1EnvVar, V1Job, V1Pod } from '@kubernetes/client-node';
import type { DeclaredJobDefinition, JobEnvironmentEntry, JobInfo, JobRunSpec, JobStatus } from '../jobs.js';

const DEFAULT_REQUESTS = { cpu: '100m', memory: '512Mi' };

function envVar(entry: JobEnvironmentEntry): V1EnvVar {
  if (entry.SecretRef) return { name: entry.Name, valueFrom: { secretKeyRef: { name: entry.SecretRef.Name, key: entry.SecretRef.Key } } };
  if (entry.ConfigMapRef) return { name: entry.Name, valueFrom: { configMapKeyRef: { name: entry.ConfigMapRef.Name, key: entry.ConfigMapRef.Key } } };
  if (entry.FieldRef) return { name: entry.Name, valueFrom: { fieldRef: { fieldPath: entry.FieldRef.FieldPath } } };
  if (entry.ResourceFieldRef) {
    const r = entry.ResourceFieldRef;
    return { name: entry.Name, valueFrom: { resourceFieldRef: { resource: r.Resource, ...(r.ContainerName ? { containerName: r.ContainerName } : {}), ...(r.Divisor ? { divisor: r.Divisor } : {}) } } };
  }
  return { name: entry.Name, value: entry.Value ?? '' };
}

/** Wildcard entries (`<prefix>*` with Key `*`) are `envFrom` sources again (jobs.md §2.6 SHOULD). */
function splitEnvironment(entries: readonly JobEnvironmentEntry[]): { env: V1EnvVar[]; envFrom: V1EnvFromSource[] } {
  const env: V1EnvVar[] = [];
  const envFrom: V1EnvFromSource[] = [];
  for (const entry of entries) {
    const wildcard = entry.Name.endsWith('*') && (entry.SecretRef?.Key === '*' || entry.ConfigMapRef?.Key === '*');
    if (!wildcard) {
      env.push(envVar(entry));
      continue;
    }
    const prefix = entry.Name.slice(0, -1);
    const source: V1EnvFromSource = entry.SecretRef ? { secretRef: { name: entry.SecretRef.Name } } : { configMapRef: { name: entry.ConfigMapRef!.Name } };
    envFrom.push(prefix ? { ...source, prefix } : source);
  }
  return { env, envFrom };
}

export function jobLabels(run: JobRunSpec): Record<string, string> {
  return {
    'slimfaas-job-name': run.name,
    'slimfaas-job-element-id': run.elementId,
    'slimfaas-in-queue-timestamp': run.inQueueTicks,
    'slimfaas-job-start-timestamp': run.startTicks,
  };
}

export function jobObject(run: JobRunSpec, namespace: string): V1Job {
  const labels = jobLabels(run);
  const requests = Object.keys(run.resources.Requests).length > 0 ? run.resources.Requests : DEFAULT_REQUESTS;
  const limits = Object.keys(run.resources.Limits).length > 0 ? run.resources.Limits : requests;
  const { env, envFrom } = splitEnvironment(run.environment);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: run.name, namespace, labels, ...(run.dependsOn ? { annotations: { 'SlimFaas/DependsOn': run.dependsOn.join(',') } } : {}) },
    spec: {
      backoffLimit: run.backoffLimit,
      ttlSecondsAfterFinished: run.ttlSecondsAfterFinished,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: run.restartPolicy,
          containers: [
            {
              name: run.definition,
              image: run.image,
              ...(run.args ? { args: run.args } : {}),
              env,
              ...(envFrom.length > 0 ? { envFrom } : {}),
              resources: { requests, limits },
            },
          ],
        },
      },
    },
  };
}

/**
 * jobs.md §6 status: ImagePullBackOff overrides all; then the Job's own terminal conditions
 * (`Complete`, `Failed`) when it has them — a Job retrying after a failed pod is not yet Failed —
 * else the spec's table (succeeded > 0 Succeeded, else failed > 0 Failed, else active > 0
 * Running, else Pending).
 */
export function jobStatus(job: V1Job, pods: readonly V1Pod[]): JobStatus {
  const pulling = pods.some((pod) => (pod.status?.containerStatuses ?? []).some((c) => ['ImagePullBackOff', 'ErrImagePull'].includes(c.state?.waiting?.reason ?? '')));
  if (pulling) return 'ImagePullBackOff';
  const conditions = job.status?.conditions ?? [];
  if (conditions.some((c) => c.type === 'Complete' && c.status === 'True')) return 'Succeeded';
  if (conditions.some((c) => c.type === 'Failed' && c.status === 'True')) return 'Failed';
  const s = job.status ?? {};
  if ((s.active ?? 0) > 0) return 'Running';
  if ((s.succeeded ?? 0) > 0) return 'Succeeded';
  if ((s.failed ?? 0) > 0) return conditions.length > 0 ? 'Running' : 'Failed';
  return 'Pending';
}

export function jobInfo(job: V1Job, pods: readonly V1Pod[]): JobInfo {
  const labels = job.metadata?.labels ?? job.spec?.template?.metadata?.labels ?? {};
  const dependsOn = job.metadata?.annotations?.['SlimFaas/DependsOn'];
  return {
    name: job.metadata?.name ?? '',
    status: jobStatus(job, pods),
    elementId: labels['slimfaas-job-element-id'] ?? '',
    inQueueTicks: labels['slimfaas-in-queue-timestamp'] ?? '0',
    startTicks: labels['slimfaas-job-start-timestamp'] ?? '0',
    ips: pods.filter((p) => p.status?.phase === 'Running' || p.status?.phase === 'Pending').map((p) => p.status?.podIP ?? '').filter((ip) => ip !== ''),
    dependsOn: dependsOn ? dependsOn.split(',').map((d) => d.trim()).filter(Boolean) : [],
  };
}

const csv = (text: string | undefined) => (text === undefined ? null : text.split(',').map((s) => s.trim()).filter(Boolean));

function environmentOf(cronJob: V1CronJob): JobEnvironmentEntry[] | null {
  const container = cronJob.spec?.jobTemplate?.spec?.template?.spec?.containers?.[0];
  if (!container) return null;
  const entries: JobEnvironmentEntry[] = (container.env ?? []).map((e) => {
    const from = e.valueFrom;
    if (from?.secretKeyRef) return { Name: e.name, Value: '', SecretRef: { Name: from.secretKeyRef.name ?? '', Key: from.secretKeyRef.key } };
    if (from?.configMapKeyRef) return { Name: e.name, Value: '', ConfigMapRef: { Name: from.configMapKeyRef.name ?? '', Key: from.configMapKeyRef.key } };
    if (from?.fieldRef) return { Name: e.name, Value: '', FieldRef: { FieldPath: from.fieldRef.fieldPath } };
    if (from?.resourceFieldRef) return { Name: e.name, Value: '', ResourceFieldRef: { ContainerName: from.resourceFieldRef.containerName, Resource: from.resourceFieldRef.resource, Divisor: from.resourceFieldRef.divisor === undefined ? undefined : String(from.resourceFieldRef.divisor) } };
    return { Name: e.name, Value: e.value ?? '' };
  });
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (source.secretRef) entries.push({ Name: `${prefix}*`, Value: '', SecretRef: { Name: source.secretRef.name ?? '', Key: '*' } });
    else if (source.configMapRef) entries.push({ Name: `${prefix}*`, Value: '', ConfigMapRef: { Name: source.configMapRef.name ?? '', Key: '*' } });
  }
  return entries;
}

/** A suspended CronJob annotated `SlimFaas/Job: "true"` as a definition; null otherwise (with why). */
export function cronJobDefinition(cronJob: V1CronJob): { definition: DeclaredJobDefinition } | { skipped: string } | null {
  const annotations = cronJob.metadata?.annotations ?? {};
  if ((annotations['SlimFaas/Job'] ?? '').trim().toLowerCase() !== 'true') return null;
  const name = cronJob.metadata?.name ?? '';
  if (cronJob.spec?.suspend !== true) return { skipped: `CronJob ${name} is annotated SlimFaas/Job but not suspended: ignored` };
  const jobSpec = cronJob.spec?.jobTemplate?.spec;
  const container = jobSpec?.template?.spec?.containers?.[0];
  const image = container?.image ?? '';
  const map = (m: Record<string, unknown> | undefined) => (m ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])) : { cpu: '100m', memory: '100Mi' });
  const whitelist = csv(annotations['SlimFaas/JobImagesWhitelist']) ?? [];
  const parallel = Number.parseInt(annotations['SlimFaas/NumberParallelJob'] ?? '', 10);
  return {
    definition: {
      name,
      Image: image,
      ImagesWhitelist: whitelist.includes(image) ? whitelist : [...whitelist, image],
      Resources: { Requests: map(container?.resources?.requests as Record<string, unknown> | undefined), Limits: map(container?.resources?.limits as Record<string, unknown> | undefined) },
      DependsOn: csv(annotations['SlimFaas/DependsOn']),
      Environments: environmentOf(cronJob),
      BackoffLimit: jobSpec?.backoffLimit ?? 1,
      Visibility: annotations['SlimFaas/DefaultVisibility'] ?? 'Private',
      NumberParallelJob: Number.isFinite(parallel) ? parallel : 1,
      TtlSecondsAfterFinished: jobSpec?.ttlSecondsAfterFinished ?? 60,
      RestartPolicy: jobSpec?.template?.spec?.restartPolicy ?? 'Never',
      schedules: annotations['SlimFaas/Schedules'] ?? '',
    },
  };
}
