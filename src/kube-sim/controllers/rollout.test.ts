import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRollingUpdate, resolveBound } from './rollout.js';

describe('rollout bounds', () => {
  const cases: [number | string | undefined, number, boolean, number][] = [
    ['25%', 4, true, 1],
    ['25%', 3, true, 1],
    ['25%', 3, false, 0],
    ['50%', 5, false, 2],
    [2, 10, true, 2],
    [undefined, 10, true, 0],
  ];
  for (const [value, total, up, expected] of cases) it(`${String(value)} of ${total} rounded ${up ? 'up' : 'down'} = ${expected}`, () => assert.equal(resolveBound(value, total, up), expected));
});

describe('planRollingUpdate', () => {
  const cases: [string, Parameters<typeof planRollingUpdate>[0], ReturnType<typeof planRollingUpdate>][] = [
    ['no old ReplicaSet: the new one gets all replicas', { desired: 3, maxSurge: 1, maxUnavailable: 0, newReplicas: 0, newReady: 0, old: [] }, { newReplicas: 3, oldReplicas: [] }],
    ['surge first, keep old while new is not ready', { desired: 3, maxSurge: 1, maxUnavailable: 0, newReplicas: 0, newReady: 0, old: [{ replicas: 3, ready: 3 }] }, { newReplicas: 1, oldReplicas: [3] }],
    ['a ready new pod lets one old go', { desired: 3, maxSurge: 1, maxUnavailable: 0, newReplicas: 1, newReady: 1, old: [{ replicas: 3, ready: 3 }] }, { newReplicas: 1, oldReplicas: [2] }],
    ['unready old pods can always go', { desired: 2, maxSurge: 0, maxUnavailable: 0, newReplicas: 0, newReady: 0, old: [{ replicas: 2, ready: 0 }] }, { newReplicas: 0, oldReplicas: [0] }],
    ['the end: old at zero', { desired: 2, maxSurge: 1, maxUnavailable: 0, newReplicas: 2, newReady: 2, old: [{ replicas: 1, ready: 1 }] }, { newReplicas: 2, oldReplicas: [0] }],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.deepEqual(planRollingUpdate(input), expected));
});
