/**
 * The Orchestrator contract: what the gateway relies on from every implementation (native
 * processes now; Kubernetes and Docker later). Each implementation's test runs this suite with
 * a fixture deploying one function at zero replicas whose replicas answer `GET /health` with 200.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Orchestrator, Topology, WorkloadInfo } from './orchestrator.js';

export interface OrchestratorContractFixture {
  orchestrator: Orchestrator;
  /** A function deployed with `SlimFaas/ReplicasMin: "0"` and at most 2 replicas or more. */
  functionName: string;
  /** Whether replicas are real servers the test can call at `http://<ip>:<port>/health`. */
  reachable: boolean;
  cleanup(): Promise<void>;
}

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const find = (topology: Topology, name: string): WorkloadInfo | undefined => topology.functions.find((f) => f.name === name);

export function runOrchestratorContract(name: string, factory: () => Promise<OrchestratorContractFixture>): void {
  describe(`${name} orchestrator contract`, () => {
    let fixture: OrchestratorContractFixture;
    let changes = 0;
    let unsubscribe: (() => void) | undefined;

    before(async () => {
      fixture = await factory();
      unsubscribe = fixture.orchestrator.onChange?.(() => changes++);
    });

    after(async () => {
      unsubscribe?.();
      await fixture?.cleanup();
    });

    it('lists the function with its pod-template annotations and no replica at zero', async () => {
      const workload = find(await fixture.orchestrator.listTopology(), fixture.functionName);
      assert.ok(workload, 'the function is listed');
      assert.ok(workload.kind === 'Deployment' || workload.kind === 'StatefulSet');
      assert.equal(workload.annotations['SlimFaas/Function']?.toLowerCase(), 'true');
      assert.equal(workload.replicas, 0);
      assert.deepEqual(workload.pods, []);
    });

    it('scales up: desired replicas are reported at once, pods become ready with an address and a port', async () => {
      await fixture.orchestrator.setReplicas(fixture.functionName, 2);
      assert.equal(find(await fixture.orchestrator.listTopology(), fixture.functionName)?.replicas, 2);
      await eventually('two ready pods', async () => {
        const pods = find(await fixture.orchestrator.listTopology(), fixture.functionName)?.pods ?? [];
        return pods.length === 2 && pods.every((p) => p.ready && p.started && p.ip !== '' && (p.ports.length > 0 || p.endpointUrl));
      });
      const pods = find(await fixture.orchestrator.listTopology(), fixture.functionName)!.pods;
      assert.equal(new Set(pods.map((p) => p.name)).size, 2, 'pod names are unique');
      if (fixture.reachable) {
        for (const pod of pods) {
          const res = await fetch(`http://${pod.ip}:${pod.ports[0]}/health`);
          assert.equal(res.status, 200);
        }
      }
      if (fixture.orchestrator.onChange) assert.ok(changes > 0, 'onChange fired while scaling');
    });

    it('scales down to zero: no pod is left', async () => {
      await fixture.orchestrator.setReplicas(fixture.functionName, 0);
      await eventually('no pod', async () => {
        const workload = find(await fixture.orchestrator.listTopology(), fixture.functionName);
        return workload?.replicas === 0 && workload.pods.length === 0;
      });
    });

    it('rejects scaling an unknown function', async () => {
      await assert.rejects(fixture.orchestrator.setReplicas('no-such-function', 1));
    });
  });
}
