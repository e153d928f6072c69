import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FunctionEntry } from '../functions/function-registry.js';
import type { JobInfo } from '../orchestrator/jobs.js';
import { ActivityRecorder } from './activity-recorder.js';
import { NetworkActivity } from './network-activity.js';

const entry = (name: string, pods: Array<{ name: string; ip: string; callerIps?: string[] }>) =>
  ({ name, workload: { name, pods: pods.map((p) => ({ ...p, ports: [80], started: true, ready: true, failureReason: '' })) } }) as unknown as FunctionEntry;

describe('NetworkActivity.callerAt', () => {
  let now = 0;
  const entries = [entry('fibonacci', [{ name: 'fibonacci-0', ip: '10.0.0.7' }, { name: 'fibonacci-1', ip: '127.0.0.1' }]), entry('docker', [{ name: 'docker-0', ip: '127.0.0.1', callerIps: ['172.17.0.3'] }])];
  const network = new NetworkActivity(new ActivityRecorder({ nodeId: 'n', enabled: true, recentActivityLimit: 10, knownIdsLimit: 10, maxLiveEventsPerSecond: 0, liveEventSamplingRatio: 1 }), { list: () => entries }, () => now);
  network.setJobSource(() => [{ name: 'batch-slimfaas-job-abc12345', ips: ['10.0.0.9'] } as JobInfo]);

  const cases: Array<[string | undefined, { name: string; pod: string | null }]> = [
    ['10.0.0.7', { name: 'fibonacci', pod: 'fibonacci-0' }],
    ['::ffff:10.0.0.7', { name: 'fibonacci', pod: 'fibonacci-0' }],
    ['172.17.0.3', { name: 'docker', pod: 'docker-0' }],
    ['10.0.0.9', { name: 'batch', pod: 'batch-slimfaas-job-abc12345' }],
    ['127.0.0.1', { name: 'external', pod: null }],
    ['::1', { name: 'external', pod: null }],
    ['127.0.0.5', { name: 'external', pod: null }],
    ['192.168.1.1', { name: 'external', pod: null }],
    [undefined, { name: 'external', pod: null }],
  ];
  for (const [address, expected] of cases) it(String(address), () => assert.deepEqual({ ...network.callerAt(address) }, expected));

  it('sees topology changes after at most a second', () => {
    entries.push(entry('late', [{ name: 'late-0', ip: '10.0.0.8' }]));
    assert.equal(network.callerAt('10.0.0.8').name, 'external');
    now += 1000;
    assert.equal(network.callerAt('10.0.0.8').name, 'late');
  });
});
