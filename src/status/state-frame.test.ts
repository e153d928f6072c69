import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodInfo, WorkloadInfo } from '../orchestrator/orchestrator.js';
import { parseFunctionAnnotations } from '../model/parse-annotations.js';
import type { FunctionConfig } from '../model/function-config.js';
import { FRONT_DISABLED_MESSAGE, functionStatusDetailed, nodeStatus, podStatus, stateJson } from './state-frame.js';

const pod = (over: Partial<PodInfo>): PodInfo => ({ name: 'p-0', ip: '10.0.0.1', ports: [8080], started: true, ready: true, failureReason: '', ...over });
const workload = (pods: PodInfo[], over: Partial<WorkloadInfo> = {}): WorkloadInfo => ({ name: 'fibonacci', kind: 'Deployment', replicas: 2, annotations: {}, pods, resources: null, ...over });
const config = (annotations: Record<string, string>): FunctionConfig => {
  const parsed = parseFunctionAnnotations({ 'SlimFaas/Function': 'true', ...annotations });
  assert.ok(parsed.ok);
  return parsed.value;
};

describe('podStatus (functions.md §9.5)', () => {
  const cases: Array<[string, Partial<PodInfo>, string]> = [
    ['ready', {}, 'Running'],
    ['ready wins over a stale failure reason', { failureReason: 'CrashLoopBackOff' }, 'Running'],
    ['scheduling failure', { started: false, ready: false, failureReason: 'Unschedulable' }, 'Unschedulable'],
    ['container failure while started', { ready: false, failureReason: 'CrashLoopBackOff' }, 'CrashLoopBackOff'],
    ['started, not ready', { ready: false }, 'Starting'],
    ['not started', { started: false, ready: false }, 'Pending'],
  ];
  for (const [name, over, expected] of cases) it(name, () => assert.equal(podStatus(pod(over)), expected));
});

describe('nodeStatus', () => {
  const cases: Array<[Partial<PodInfo>, string]> = [
    [{}, 'Running'],
    [{ ready: false }, 'Starting'],
    [{ ready: false, started: false }, 'Pending'],
  ];
  for (const [over, expected] of cases) it(expected, () => assert.equal(nodeStatus(pod(over)), expected));
});

describe('functionStatusDetailed', () => {
  it('has every field in the spec order, with the defaults of a function without annotations', () => {
    const value = functionStatusDetailed(workload([pod({}), pod({ name: 'p-1', ip: '', ready: false, started: false })]), config({}));
    assert.deepEqual(Object.keys(value), [
      'Name', 'NumberReady', 'NumberRequested', 'PodType', 'Visibility', 'Trust', 'ReplicasMin', 'ReplicasAtStart',
      'TimeoutSecondBeforeSetReplicasMin', 'NumberParallelRequest', 'NumberParallelRequestPerPod', 'Resources', 'Schedule',
      'Scale', 'Retry', 'SubscribeEvents', 'PathsStartWithVisibility', 'DependsOn', 'Pods',
    ]);
    assert.equal(
      JSON.stringify(value),
      '{"Name":"fibonacci","NumberReady":1,"NumberRequested":2,"PodType":"Deployment","Visibility":"Public","Trust":"Trusted",' +
        '"ReplicasMin":0,"ReplicasAtStart":1,"TimeoutSecondBeforeSetReplicasMin":300,"NumberParallelRequest":10,"NumberParallelRequestPerPod":10,' +
        '"Resources":null,"Schedule":{"TimeZoneID":"GB","Default":{"WakeUp":[],"ScaleDownTimeout":[]}},"Scale":null,' +
        '"Retry":{"DefaultAsync":{"HttpTimeout":120,"TimeoutRetries":[2,4,8],"HttpStatusRetries":[500,502,503]},"DefaultPublish":{"HttpTimeout":120,"TimeoutRetries":[2,4,8],"HttpStatusRetries":[500,502,503]}},' +
        '"SubscribeEvents":[],"PathsStartWithVisibility":[],"DependsOn":null,' +
        '"Pods":[{"Name":"p-0","Status":"Running","Ready":true,"Ip":"10.0.0.1"},{"Name":"p-1","Status":"Pending","Ready":false,"Ip":null}]}',
    );
  });

  it('maps the annotations: lists with numeric visibility, schedule, scale, resources, dependencies', () => {
    const value = functionStatusDetailed(
      workload([], { kind: 'StatefulSet', replicas: 0, resources: { CpuRequest: '100m', CpuLimit: null, MemoryRequest: '64Mi', MemoryLimit: '128Mi' } }),
      config({
        'SlimFaas/DefaultVisibility': 'Private',
        'SlimFaas/DefaultTrust': 'Untrusted',
        'SlimFaas/SubscribeEvents': 'Public:reload,other',
        'SlimFaas/PathsStartWithVisibility': 'Private:/admin,/pub',
        'SlimFaas/DependsOn': 'db, cache',
        'SlimFaas/Schedule': '{"TimeZoneID":"Europe/Paris","Default":{"WakeUp":["07:00"],"ScaleDownTimeout":[{"Time":"21:00","Value":10}]}}',
        'SlimFaas/Scale': '{"ReplicaMax":5,"Triggers":[{"MetricType":"Value","MetricName":"rps","Query":"sum(x)","Threshold":3}]}',
      }),
    );
    assert.equal(value.PodType, 'StatefulSet');
    assert.equal(value.Visibility, 'Private');
    assert.equal(value.Trust, 'Untrusted');
    assert.deepEqual(value.SubscribeEvents, [{ Name: 'reload', Visibility: 0 }, { Name: 'other', Visibility: 1 }]);
    assert.deepEqual(value.PathsStartWithVisibility, [{ Path: '/admin', Visibility: 1 }, { Path: '/pub', Visibility: 0 }]);
    assert.deepEqual(value.DependsOn, ['db', 'cache']);
    assert.deepEqual(value.Resources, { CpuRequest: '100m', CpuLimit: null, MemoryRequest: '64Mi', MemoryLimit: '128Mi' });
    assert.deepEqual(value.Schedule, { TimeZoneID: 'Europe/Paris', Default: { WakeUp: ['07:00'], ScaleDownTimeout: [{ Time: '21:00', Value: 10 }] } });
    assert.equal(value.Scale?.ReplicaMax, 5);
    assert.deepEqual(value.Scale?.Triggers, [{ MetricType: 'Value', MetricName: 'rps', Query: 'sum(x)', Threshold: 3 }]);
    assert.deepEqual(Object.keys(value.Scale!.Behavior.ScaleUp), ['StabilizationWindowSeconds', 'Policies']);
    assert.deepEqual(value.Pods, []);
  });
});

describe('stateJson', () => {
  const parts = {
    functionsJson: '[]',
    queues: [{ Name: 'fibonacci', Length: 3 }],
    jobsJson: '[{"Name":"Default"}]',
    recentActivity: [],
    nodes: [{ name: 'slimfaas-0', ready: true, started: true }, { name: 'slimfaas-1', ready: false, started: true }],
    frontEnabled: true,
  };

  it('writes the keys in the spec order on one line', () => {
    const text = stateJson(parts);
    assert.ok(!text.includes('\n'));
    const value = JSON.parse(text);
    assert.deepEqual(Object.keys(value), ['Functions', 'Queues', 'Jobs', 'RecentActivity', 'SlimFaasReplicas', 'SlimFaasNodes', 'FrontEnabled', 'FrontMessage']);
    assert.deepEqual(value, {
      Functions: [],
      Queues: [{ Name: 'fibonacci', Length: 3 }],
      Jobs: [{ Name: 'Default' }],
      RecentActivity: [],
      SlimFaasReplicas: 2,
      SlimFaasNodes: [{ Name: 'slimfaas-0', Status: 'Running' }, { Name: 'slimfaas-1', Status: 'Starting' }],
      FrontEnabled: true,
      FrontMessage: null,
    });
  });

  it('counts at least one replica and carries the message when the front is disabled', () => {
    const value = JSON.parse(stateJson({ ...parts, nodes: [], frontEnabled: false }));
    assert.equal(value.SlimFaasReplicas, 1);
    assert.equal(value.FrontEnabled, false);
    assert.equal(value.FrontMessage, FRONT_DISABLED_MESSAGE);
    assert.equal(FRONT_DISABLED_MESSAGE, 'SlimFaas front is disabled by configuration (SlimFaas:EnableFront=false).');
  });
});
