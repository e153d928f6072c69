import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jobExpiresAt, jobInfoOf, jobStatusOf } from './job-status.js';
import { RUNNING, containerOf } from './fixtures/containers.js';
import type { InspectedContainer } from './inspected.js';
import type { JobStatus } from '../jobs.js';

const FINISHED = { Running: false, StartedAt: '2026-01-01T00:00:01Z', FinishedAt: '2026-01-01T00:00:10Z' };

describe('docker run status', () => {
  it('status from the container state', () => {
    const cases: Array<[Partial<InspectedContainer['State']>, JobStatus]> = [
      [{ Status: 'created' }, 'Pending'],
      [{ Status: 'created', Error: 'exec: not found', ExitCode: 127 }, 'Failed'],
      [RUNNING, 'Running'],
      [{ ...RUNNING, Status: 'restarting', Restarting: true, ExitCode: 3 }, 'Running'],
      [{ ...RUNNING, Status: 'paused' }, 'Running'],
      [{ ...FINISHED, Status: 'exited', ExitCode: 0 }, 'Succeeded'],
      [{ ...FINISHED, Status: 'exited', ExitCode: 3 }, 'Failed'],
      [{ ...FINISHED, Status: 'exited', ExitCode: 0, OOMKilled: true }, 'Failed'],
      [{ ...FINISHED, Status: 'dead', ExitCode: 137 }, 'Failed'],
    ];
    for (const [state, expected] of cases) assert.equal(jobStatusOf(containerOf({ state })), expected, JSON.stringify(state));
  });

  it('info from labels; addresses only while running', () => {
    const labels = { 'slimfaas-job-name': 'r', 'slimfaas-job-element-id': 'e', 'slimfaas-in-queue-timestamp': '1', 'slimfaas-job-start-timestamp': '2', 'SlimFaas/DependsOn': 'a, b' };
    const network = { Networks: { bridge: { IPAddress: '172.17.0.4' } } };
    assert.deepEqual(jobInfoOf(containerOf({ name: 'r', labels, state: RUNNING, network })), { name: 'r', status: 'Running', elementId: 'e', inQueueTicks: '1', startTicks: '2', ips: ['172.17.0.4'], dependsOn: ['a', 'b'] });
    assert.deepEqual(jobInfoOf(containerOf({ name: 'other', labels: { 'slimfaas-job-name': 'other' } })), { name: 'other', status: 'Pending', elementId: '', inQueueTicks: '0', startTicks: '0', ips: [], dependsOn: [] });
  });

  it('expiry: finished time plus the TTL label (60 s when absent)', () => {
    const finished = Date.parse('2026-01-01T00:00:10Z');
    const cases: Array<[Partial<InspectedContainer['State']>, Record<string, string>, number | null]> = [
      [RUNNING, { 'SlimFaas/TtlSecondsAfterFinished': '5' }, null],
      [{ ...FINISHED, Status: 'exited' }, { 'SlimFaas/TtlSecondsAfterFinished': '5' }, finished + 5000],
      [{ ...FINISHED, Status: 'exited', ExitCode: 2 }, {}, finished + 60_000],
      [{ ...FINISHED, Status: 'exited' }, { 'SlimFaas/TtlSecondsAfterFinished': '-3' }, finished],
      [{ Status: 'created', Error: 'boom' }, { 'SlimFaas/TtlSecondsAfterFinished': '1' }, Date.parse('2026-01-01T00:00:00Z') + 1000],
    ];
    for (const [state, labels, expected] of cases) assert.equal(jobExpiresAt(containerOf({ state, labels: { 'slimfaas-job-name': 'r', ...labels } })), expected, JSON.stringify([state, labels]));
  });
});
