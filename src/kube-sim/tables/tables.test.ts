import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanDuration } from '../model/time.js';
import type { KubeObject, Pod } from '../model/types.js';
import { POD_TABLE, podStatusReason } from './pod-table.js';
import { buildTable } from './table.js';
import { CRONJOB_TABLE, DEPLOYMENT_TABLE, JOB_TABLE, jobStatusText } from './workload-tables.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');

function pod(status: Pod['status'], extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    metadata: { name: 'p', creationTimestamp: '2025-01-01T11:55:00Z', ...extra },
    spec: { containers: [{ name: 'c', image: 'i' }], nodeName: 'kube-sim' },
    status,
  };
}

const running = { running: { startedAt: '2025-01-01T11:55:00Z' } };

describe('pod STATUS column (kubectl printPod)', () => {
  const cases: [string, Pod, string][] = [
    ['pending without containers', pod({ phase: 'Pending' }), 'Pending'],
    ['container creating', pod({ phase: 'Pending', containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} }] }), 'ContainerCreating'],
    ['running', pod({ phase: 'Running', containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: true, started: true, restartCount: 0, state: running, lastState: {} }] }), 'Running'],
    ['crash loop', pod({ phase: 'Running', containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, started: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: {} }] }), 'CrashLoopBackOff'],
    ['completed', pod({ phase: 'Succeeded', containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, started: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } }, lastState: {} }] }), 'Completed'],
    ['error', pod({ phase: 'Failed', containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, started: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } }, lastState: {} }] }), 'Error'],
    ['signal without reason', pod({ phase: 'Failed', containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, started: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } }, lastState: {} }] }), 'Signal:9'],
    ['terminating', pod({ phase: 'Running' }, { deletionTimestamp: '2025-01-01T12:00:30Z' }), 'Terminating'],
  ];
  for (const [name, p, expected] of cases) it(name, () => assert.equal(podStatusReason(p), expected));
});

describe('Tables', () => {
  it('pods: NAME READY STATUS RESTARTS AGE, then wide IP and NODE', () => {
    const p = pod({
      phase: 'Running',
      podIP: '127.0.0.2',
      podIPs: [{ ip: '127.0.0.2' }],
      containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: true, started: true, restartCount: 2, state: running, lastState: { terminated: { exitCode: 1, finishedAt: '2025-01-01T11:59:30Z' } } }],
    });
    const table = buildTable(POD_TABLE, [p], 'Metadata', '7', NOW);
    assert.deepEqual(table.columnDefinitions.map((c) => [c.name, c.priority]), [['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1]]);
    assert.deepEqual(table.rows[0]!.cells, ['p', '1/1', 'Running', '2 (30s ago)', '5m', '127.0.0.2', 'kube-sim', '<none>', '<none>']);
    assert.deepEqual(table.rows[0]!.object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: p.metadata });
    assert.equal(table.metadata.resourceVersion, '7');
  });

  it('includeObject=Object and None', () => {
    const p = pod({ phase: 'Pending' });
    assert.equal(buildTable(POD_TABLE, [p], 'Object', undefined, NOW).rows[0]!.object, p);
    assert.equal('object' in buildTable(POD_TABLE, [p], 'None', undefined, NOW).rows[0]!, false);
  });

  it('deployments: NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR', () => {
    const d: KubeObject = {
      metadata: { name: 'web', creationTimestamp: '2025-01-01T09:00:00Z' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    assert.deepEqual(buildTable(DEPLOYMENT_TABLE, [d], 'None', undefined, NOW).rows[0]!.cells, ['web', '2/3', 3, 2, '3h', 'a,b', 'a:1,b:2', 'app=web']);
  });

  it('a deployment without status reads 0/N', () => {
    const d: KubeObject = { metadata: { name: 'idle' }, spec: { replicas: 0, template: { spec: { containers: [] } } } };
    assert.deepEqual(buildTable(DEPLOYMENT_TABLE, [d], 'None', undefined, NOW).rows[0]!.cells.slice(0, 4), ['idle', '0/0', 0, 0]);
  });

  const jobs: [string, KubeObject, string][] = [
    ['running', { metadata: { name: 'j' }, spec: {}, status: {} }, 'Running'],
    ['complete', { metadata: { name: 'j' }, spec: {}, status: { conditions: [{ type: 'Complete', status: 'True' }] } }, 'Complete'],
    ['failed', { metadata: { name: 'j' }, spec: {}, status: { conditions: [{ type: 'Failed', status: 'True' }] } }, 'Failed'],
    ['suspended', { metadata: { name: 'j' }, spec: {}, status: { conditions: [{ type: 'Suspended', status: 'True' }] } }, 'Suspended'],
  ];
  for (const [name, job, expected] of jobs) it(`job status ${name}`, () => assert.equal(jobStatusText(job), expected));

  it('jobs: COMPLETIONS and DURATION', () => {
    const job: KubeObject = {
      metadata: { name: 'j', creationTimestamp: '2025-01-01T11:00:00Z' },
      spec: { completions: 1, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
      status: { succeeded: 1, startTime: '2025-01-01T11:00:00Z', completionTime: '2025-01-01T11:00:42Z', conditions: [{ type: 'Complete', status: 'True' }] },
    };
    assert.deepEqual(buildTable(JOB_TABLE, [job], 'None', undefined, NOW).rows[0]!.cells.slice(0, 5), ['j', 'Complete', '1/1', '42s', '60m']);
  });

  it('cronjobs: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE', () => {
    const cj: KubeObject = { metadata: { name: 'c', creationTimestamp: '2025-01-01T11:59:00Z' }, spec: { schedule: '0 0 * * *', suspend: true, jobTemplate: { spec: { template: { spec: { containers: [] } } } } } };
    assert.deepEqual(buildTable(CRONJOB_TABLE, [cj], 'None', undefined, NOW).rows[0]!.cells.slice(0, 7), ['c', '0 0 * * *', '<none>', 'True', 0, '<none>', '60s']);
  });
});

describe('humanDuration (the AGE column)', () => {
  const cases: [number, string][] = [
    [-5000, '<invalid>'],
    [-500, '0s'],
    [59_000, '59s'],
    [119_000, '119s'],
    [150_000, '2m30s'],
    [600_000, '10m'],
    [3 * 3600_000 + 5 * 60_000, '3h5m'],
    [10 * 3600_000, '10h'],
    [3 * 86400_000 + 2 * 3600_000, '3d2h'],
    [30 * 86400_000, '30d'],
    [3 * 365 * 86400_000 + 10 * 86400_000, '3y10d'],
  ];
  for (const [ms, text] of cases) it(`${ms} ms → ${text}`, () => assert.equal(humanDuration(ms), text));
});
