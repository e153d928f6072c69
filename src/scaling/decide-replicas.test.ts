import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideReplicas, type ReplicaDecisionInput } from './decide-replicas.js';

const base: ReplicaDecisionInput = {
  nowMs: 1_000_000,
  currentReplicas: 0,
  replicasMin: 0,
  replicasAtStart: 1,
  timeoutSeconds: 300,
  lastActivityMs: undefined,
  dependentsActivityMs: [],
  dependenciesReady: true,
  scaledUpByDefaultWhenNeverCalled: false,
};

describe('decideReplicas (functions.md §6.6)', () => {
  const cases: Array<[string, Partial<ReplicaDecisionInput>, number]> = [
    ['never called stays at ReplicasMin', {}, 0],
    ['never called with PodScaledUpByDefault wakes', { scaledUpByDefaultWhenNeverCalled: true }, 1],
    ['recent activity wakes from zero to ReplicasAtStart', { lastActivityMs: 999_000 }, 1],
    ['recent activity wakes to max(AtStart, Min)', { lastActivityMs: 999_000, replicasMin: 2, currentReplicas: 1 }, 2],
    ['idle past the timeout goes to ReplicasMin', { lastActivityMs: 1_000_000 - 301_000, currentReplicas: 3, replicasMin: 1 }, 1],
    ['exactly at the timeout is not idle', { lastActivityMs: 1_000_000 - 300_000, currentReplicas: 1 }, 1],
    ['active and already up is unchanged', { lastActivityMs: 999_000, currentReplicas: 4 }, 4],
    ['dependencies not ready keep it at zero', { lastActivityMs: 999_000, dependenciesReady: false }, 0],
    ['a dependent function keeps it awake', { dependentsActivityMs: [999_500] }, 1],
    ['a schedule wake-up counts as activity', { wakeUpAtMs: 999_900 }, 1],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(decideReplicas({ ...base, ...input }), expected));
  }
});
