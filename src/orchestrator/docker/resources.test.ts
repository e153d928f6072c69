import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dashboardResources, definitionResources, jobHostResources, type JobHostResources } from './resources.js';
import type { InspectedContainer } from './inspected.js';
import type { JobResources } from '../jobs.js';
import type { ResourceInfo } from '../orchestrator.js';

const MI = 1024 * 1024;

describe('docker resources', () => {
  it('container limits as dashboard quantities', () => {
    const cases: Array<[InspectedContainer['HostConfig'], ResourceInfo | null]> = [
      [{}, null],
      [{ NanoCpus: 1_500_000_000 }, { CpuRequest: null, CpuLimit: '1500m', MemoryRequest: null, MemoryLimit: null }],
      [{ CpuQuota: 50_000, CpuPeriod: 100_000 }, { CpuRequest: null, CpuLimit: '500m', MemoryRequest: null, MemoryLimit: null }],
      [{ Memory: 512 * MI, MemoryReservation: 256 * MI }, { CpuRequest: null, CpuLimit: null, MemoryRequest: '256Mi', MemoryLimit: '512Mi' }],
    ];
    for (const [host, expected] of cases) assert.deepEqual(dashboardResources(host), expected, JSON.stringify(host));
  });

  it('job resources as engine limits', () => {
    const cases: Array<[JobResources, JobHostResources]> = [
      [{ Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '100m', memory: '100Mi' } }, { NanoCpus: 100_000_000, Memory: 100 * MI }],
      [{ Requests: { cpu: '250m', memory: '64Mi' }, Limits: { memory: '1Gi' } }, { NanoCpus: 250_000_000, Memory: 1024 * MI, MemoryReservation: 64 * MI }],
      [{ Requests: {}, Limits: { cpu: '2', memory: '1M' } }, { NanoCpus: 2e9, Memory: 6 * MI }],
      [{ Requests: { cpu: 'lots' }, Limits: {} }, {}],
    ];
    for (const [resources, expected] of cases) assert.deepEqual(jobHostResources(resources), expected, JSON.stringify(resources));
  });

  it('definition resources default to 100m/100Mi per missing map', () => {
    assert.deepEqual(definitionResources({}), { Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '100m', memory: '100Mi' } });
    assert.deepEqual(definitionResources({ Memory: 256 * MI }), { Requests: { cpu: '100m', memory: '100Mi' }, Limits: { memory: '256Mi' } });
  });
});
