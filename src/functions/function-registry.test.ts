import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionRegistry } from './function-registry.js';
import type { Orchestrator, Topology, WorkloadInfo, PodInfo } from '../orchestrator/orchestrator.js';

const pod = (name: string, ip: string): PodInfo => ({ name, ip, ports: [8080], started: true, ready: true, failureReason: '' });
const workload = (name: string, annotations: Record<string, string>, pods: PodInfo[] = []): WorkloadInfo => ({
  name, kind: 'Deployment', replicas: pods.length, annotations: { 'SlimFaas/Function': 'true', ...annotations }, pods, resources: null,
});

class FakeOrchestrator implements Orchestrator {
  listeners = new Set<() => void>();
  constructor(public topology: Topology) {}
  async listTopology() { return this.topology; }
  async setReplicas() {}
  async listJobDefinitions() { return []; }
  async createJob() {}
  async listJobs() { return []; }
  async deleteJob() { return false; }
  onChange(listener: () => void) { this.listeners.add(listener); return () => this.listeners.delete(listener); }
}

describe('FunctionRegistry', () => {
  it('hides invalid functions with a logged reason, ignores non-functions, trusts only Trusted pods and nodes', async () => {
    const orchestrator = new FakeOrchestrator({
      functions: [
        workload('fibonacci', {}, [pod('fibonacci-1', '10.0.0.11')]),
        workload('caller', { 'SlimFaas/DefaultTrust': 'Untrusted' }, [pod('caller-1', '10.0.0.20')]),
        workload('broken', { 'SlimFaas/NumberParallelRequest': '0' }, [pod('broken-1', '10.0.0.30')]),
        { ...workload('plain', {}), annotations: { 'SlimFaas/Function': 'yes' } },
      ],
      slimfaasNodes: [pod('slimfaas-0', '10.0.0.2')],
      processes: {},
    });
    const errors: string[] = [];
    const registry = new FunctionRegistry(orchestrator, { debug() {}, info() {}, warn() {}, error: (m) => errors.push(m) }, 60_000);
    await registry.start();
    try {
      assert.deepEqual(registry.list().map((e) => e.name), ['fibonacci', 'caller']);
      assert.equal(registry.get('broken'), undefined);
      assert.equal(errors.length, 1);
      assert.match(errors[0], /broken.*SlimFaas\/NumberParallelRequest/);
      assert.deepEqual([...registry.trustedIps].sort(), ['10.0.0.11', '10.0.0.2']);
      // AS-28: after the annotation changes to Trusted and one refresh, the caller's pods are trusted.
      orchestrator.topology.functions[1] = workload('caller', { 'SlimFaas/DefaultTrust': 'Trusted' }, [pod('caller-1', '10.0.0.20')]);
      const changed = registry.nextChange(5000);
      for (const listener of orchestrator.listeners) listener();
      await changed;
      assert.ok(registry.trustedIps.has('10.0.0.20'));
      await registry.refresh();
      assert.equal(errors.length, 1, 'the same reason is logged once');
    } finally {
      registry.stop();
    }
  });
});
