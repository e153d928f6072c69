import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { V1CronJob, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { selectorMatches } from './label-selector.js';
import { podFailureReason, podInfo } from './pod-mapping.js';
import { slimfaasPods, topologyOf } from './topology-mapping.js';
import { cronJobDefinition, jobInfo, jobObject, jobStatus } from './job-mapping.js';

const pod = (name: string, labels: Record<string, string>, extra: Partial<V1Pod['status']> = {}, ready = true): V1Pod => ({
  metadata: { name, labels, annotations: { 'prometheus.io/port': '8080' } },
  spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }] },
  status: {
    phase: 'Running',
    podIP: `10.0.0.${name.length}`,
    conditions: [
      { type: 'PodScheduled', status: 'True' },
      { type: 'ContainersReady', status: ready ? 'True' : 'False' },
      { type: 'Ready', status: ready ? 'True' : 'False' },
    ],
    containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready, restartCount: 0, started: true, state: { running: {} } }],
    ...extra,
  },
});

describe('label selectors', () => {
  const cases: Array<[string, Parameters<typeof selectorMatches>[0], Record<string, string>, boolean]> = [
    ['matchLabels', { matchLabels: { app: 'fib' } }, { app: 'fib', x: '1' }, true],
    ['matchLabels mismatch', { matchLabels: { app: 'fib' } }, { app: 'fib10' }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, { tier: 'b' }, true],
    ['NotIn', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a'] }] }, { tier: 'a' }, false],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, {}, false],
    ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, {}, true],
    ['empty selector matches nothing', {}, { app: 'x' }, false],
    ['no selector', undefined, { app: 'x' }, false],
  ];
  for (const [name, selector, labels, expected] of cases) it(name, () => assert.equal(selectorMatches(selector, labels), expected));
});

describe('pod mapping (platform.md §2.2.4)', () => {
  it('IP, every container port, ready, annotations', () => {
    assert.deepEqual(podInfo(pod('fib-1', {})), {
      name: 'fib-1', ip: '10.0.0.5', ports: [8080, 9090], started: true, ready: true, failureReason: '', annotations: { 'prometheus.io/port': '8080' },
    });
    assert.equal(podInfo(pod('fib-1', {}, {}, false)).ready, false);
  });
  it('scheduling failures first, then the first container waiting/terminated reason', () => {
    assert.equal(podFailureReason(pod('p', {}, { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] })), 'Unschedulable');
    assert.equal(podFailureReason(pod('p', {}, { containerStatuses: [{ name: 'c', image: '', imageID: '', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } }] })), 'CrashLoopBackOff');
    assert.equal(podFailureReason(pod('p', {}, { containerStatuses: [{ name: 'c', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] })), '');
  });
});

describe('topology (decision 7: label selectors, not name prefixes)', () => {
  const deployment = (name: string, app: string, annotations: Record<string, string> = { 'SlimFaas/Function': 'True' }): V1Deployment => ({
    metadata: { name },
    spec: { replicas: 2, selector: { matchLabels: { app } }, template: { metadata: { labels: { app }, annotations }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m' }, limits: { memory: '1Gi' } } }] } } },
  });
  it('only functions; pods by selector (fibonacci1 does not take fibonacci10 pods); resources; SlimFaas nodes by shared labels', () => {
    const pods = [
      pod('fibonacci1-abc-1', { app: 'fibonacci1', 'pod-template-hash': 'abc' }),
      pod('fibonacci10-def-1', { app: 'fibonacci10', 'pod-template-hash': 'def' }),
      pod('slimfaas-0', { app: 'slimfaas', 'statefulset.kubernetes.io/pod-name': 'slimfaas-0' }),
      pod('slimfaas-1', { app: 'slimfaas', 'statefulset.kubernetes.io/pod-name': 'slimfaas-1' }),
    ];
    const topology = topologyOf([deployment('fibonacci1', 'fibonacci1'), deployment('fibonacci10', 'fibonacci10'), deployment('plain', 'plain', {})], [], pods, 'slimfaas-0');
    assert.deepEqual(topology.functions.map((f) => [f.name, f.replicas, f.pods.map((p) => p.name)]), [
      ['fibonacci1', 2, ['fibonacci1-abc-1']],
      ['fibonacci10', 2, ['fibonacci10-def-1']],
    ]);
    assert.deepEqual(topology.functions[0]!.resources, { CpuRequest: '100m', CpuLimit: null, MemoryRequest: null, MemoryLimit: '1Gi' });
    assert.deepEqual(topology.slimfaasNodes.map((n) => n.name), ['slimfaas-0', 'slimfaas-1']);
    assert.deepEqual(slimfaasPods(pods, null), [], 'outside a cluster there is no own pod');
  });
});

describe('jobs (jobs.md §6)', () => {
  const run = {
    name: 'fibonacci-slimfaas-job-abcd1234', definition: 'fibonacci', elementId: 'E', image: 'reg/fib:1', args: ['7'],
    environment: [{ Name: 'A', Value: '1' }, { Name: 'S', SecretRef: { Name: 'sec', Key: 'k' } }, { Name: 'P_*', SecretRef: { Name: 'all', Key: '*' } }],
    resources: { Requests: { cpu: '200m', memory: '400Mi' }, Limits: {} }, dependsOn: ['a', 'b'], backoffLimit: 1, ttlSecondsAfterFinished: 60, restartPolicy: 'Never',
    inQueueTicks: '638720123456789012', startTicks: '638720123466789012',
  };
  it('builds the Job of scenario 18', () => {
    const job = jobObject(run, 'ns');
    assert.equal(job.metadata?.annotations?.['SlimFaas/DependsOn'], 'a,b');
    assert.deepEqual(job.metadata?.labels, job.spec?.template.metadata?.labels);
    assert.deepEqual(Object.keys(job.metadata?.labels ?? {}), ['slimfaas-job-name', 'slimfaas-job-element-id', 'slimfaas-in-queue-timestamp', 'slimfaas-job-start-timestamp']);
    assert.deepEqual([job.spec?.backoffLimit, job.spec?.ttlSecondsAfterFinished, job.spec?.template.spec?.restartPolicy], [1, 60, 'Never']);
    const container = job.spec!.template.spec!.containers[0]!;
    assert.deepEqual([container.name, container.image, container.args], ['fibonacci', 'reg/fib:1', ['7']]);
    assert.deepEqual(container.resources, { requests: { cpu: '200m', memory: '400Mi' }, limits: { cpu: '200m', memory: '400Mi' } }, 'limits reuse requests');
    assert.deepEqual(container.env, [{ name: 'A', value: '1' }, { name: 'S', valueFrom: { secretKeyRef: { name: 'sec', key: 'k' } } }]);
    assert.deepEqual(container.envFrom, [{ secretRef: { name: 'all' }, prefix: 'P_' }]);
  });
  it('maps status and identity', () => {
    const job = { metadata: { name: run.name, labels: jobObject(run, 'ns').metadata!.labels, annotations: { 'SlimFaas/DependsOn': 'a,b' } }, status: { active: 1 } };
    const info = jobInfo(job, [pod('job-pod', { 'slimfaas-job-name': run.name })]);
    assert.deepEqual(info, { name: run.name, status: 'Running', elementId: 'E', inQueueTicks: run.inQueueTicks, startTicks: run.startTicks, ips: ['10.0.0.7'], dependsOn: ['a', 'b'] });
    assert.equal(jobStatus({ status: { succeeded: 1 } }, []), 'Succeeded');
    assert.equal(jobStatus({ status: { failed: 2 } }, []), 'Failed');
    assert.equal(jobStatus({ status: { failed: 1, conditions: [{ type: 'Complete', status: 'True' }] } }, []), 'Succeeded');
    assert.equal(jobStatus({ status: {} }, []), 'Pending');
    assert.equal(jobStatus({ status: { active: 1 } }, [pod('p', {}, { containerStatuses: [{ name: 'c', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }] })]), 'ImagePullBackOff');
  });
  it('suspended annotated CronJobs are definitions; not suspended ones are skipped', () => {
    const cronJob = (suspend: boolean): V1CronJob => ({
      metadata: { name: 'cj-job', annotations: { 'SlimFaas/Job': 'true', 'SlimFaas/JobImagesWhitelist': 'reg/a:*, reg/b:1', 'SlimFaas/NumberParallelJob': '3', 'SlimFaas/Schedules': '[]' } },
      spec: { suspend, schedule: '* * * * *', jobTemplate: { spec: { backoffLimit: 2, template: { spec: { containers: [{ name: 'c', image: 'reg/cj:1', env: [{ name: 'X', value: 'y' }] }] } } } } },
    });
    const mapped = cronJobDefinition(cronJob(true));
    assert.ok(mapped && 'definition' in mapped);
    assert.deepEqual(mapped.definition.ImagesWhitelist, ['reg/a:*', 'reg/b:1', 'reg/cj:1']);
    assert.deepEqual([mapped.definition.NumberParallelJob, mapped.definition.BackoffLimit, mapped.definition.Visibility], [3, 2, 'Private']);
    assert.deepEqual(mapped.definition.Resources, { Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '100m', memory: '100Mi' } });
    assert.deepEqual(mapped.definition.Environments, [{ Name: 'X', Value: 'y' }]);
    assert.ok('skipped' in (cronJobDefinition(cronJob(false)) ?? {}));
  });
});
