import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podOf, workloadsOf } from './topology-map.js';
import { RUNNING, containerOf, functionContainer } from './fixtures/containers.js';
import type { InspectedContainer } from './inspected.js';
import type { Addressing } from './pod-address.js';
import type { WorkloadInfo } from '../orchestrator.js';

const HOST: Addressing = { kind: 'host' };
const published = { Ports: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '32768' }] } };

describe('docker listing → topology', () => {
  it('pod readiness, start and failure from the container state', () => {
    const cases: Array<[string, Partial<InspectedContainer['State']>, boolean, boolean, string]> = [
      ['created', {}, false, false, ''],
      ['running without healthcheck', RUNNING, true, true, ''],
      ['running, health starting', { ...RUNNING, Health: { Status: 'starting' } }, true, false, ''],
      ['running, healthy', { ...RUNNING, Health: { Status: 'healthy' } }, true, true, ''],
      ['running, unhealthy', { ...RUNNING, Health: { Status: 'unhealthy' } }, true, false, 'Unhealthy'],
      ['restarting', { ...RUNNING, Status: 'restarting', Restarting: true }, true, false, 'CrashLoopBackOff'],
      ['start refused', { Error: 'port is already allocated' }, false, false, 'ContainerCannotRun'],
    ];
    for (const [what, state, started, ready, reason] of cases) {
      const pod = podOf(functionContainer('f', { name: 'f-1', state, network: published }), HOST);
      assert.deepEqual([pod.started, pod.ready, pod.failureReason], [started, ready, reason], what);
    }
    assert.equal(podOf(functionContainer('f', { state: RUNNING }), HOST).ready, false, 'no reachable port in host mode: not ready');
  });

  it('groups by app; desired is the pending target, else the live replicas; pods are live replicas', () => {
    const template = functionContainer('f', { name: 'f-template', labels: { 'SlimFaas/template': 'true', 'SlimFaas/PublishedPorts': '{}', 'SlimFaas/ReplicasMin': '0' } });
    const live = functionContainer('f', { name: 'f-a1', created: '2026-01-01T00:00:02Z', state: RUNNING, network: published, labels: { 'SlimFaas/ReplicasMin': '1' } });
    const dead = functionContainer('f', { name: 'f-b2', state: { Status: 'exited', ExitCode: 1 } });
    const other = containerOf({ name: 'x', labels: { 'SlimFaas/Job': 'true' } });
    const cases: Array<[string, InspectedContainer[], Map<string, number>, { replicas: number; pods: string[]; min: string } | undefined]> = [
      ['template only', [template], new Map(), { replicas: 0, pods: [], min: '0' }],
      ['template and replica: metadata from the replica', [template, live], new Map(), { replicas: 1, pods: ['f-a1'], min: '1' }],
      ['dead replicas are neither counted nor pods', [template, dead], new Map(), { replicas: 0, pods: [], min: '0' }],
      ['pending target wins', [template, live], new Map([['f', 3]]), { replicas: 3, pods: ['f-a1'], min: '1' }],
      ['not a function', [other], new Map(), undefined],
    ];
    for (const [what, containers, desired, expected] of cases) {
      const w: WorkloadInfo | undefined = workloadsOf(containers, desired, HOST).find((f) => f.name === 'f');
      assert.deepEqual(w && { replicas: w.replicas, pods: w.pods.map((p) => p.name), min: w.annotations['SlimFaas/ReplicasMin'] }, expected, what);
      if (w) {
        assert.equal(w.kind, 'Deployment');
        assert.equal(w.annotations['SlimFaas/template'], undefined, what);
      }
    }
  });

  it('resources from the metadata container', () => {
    const c = functionContainer('f', { host: { NanoCpus: 250_000_000, Memory: 128 * 1024 * 1024 } });
    assert.deepEqual(workloadsOf([c], new Map(), HOST)[0]!.resources, { CpuRequest: null, CpuLimit: '250m', MemoryRequest: null, MemoryLimit: '128Mi' });
  });
});
