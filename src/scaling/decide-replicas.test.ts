import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseReplicas,
  decideFunctionReplicas,
  lastActivityInstant,
  type FunctionDecisionInput,
  type ReplicaChoiceInput,
} from './decide-replicas.js';

const NOW = 1_000_000;
const base: FunctionDecisionInput = {
  currentReplicas: 0,
  replicasMin: 0,
  replicasAtStart: 1,
  timeoutSeconds: 300,
  lastActivityMs: undefined,
  dependentsActivityMs: [],
  dependenciesReady: true,
  scaledUpByDefaultWhenNeverCalled: false,
  startFailure: false,
};

describe('decideFunctionReplicas without metrics (functions.md §6.6, autoscaling.md §2.6)', () => {
  const cases: Array<[string, Partial<FunctionDecisionInput>, number]> = [
    ['never called stays at ReplicasMin', {}, 0],
    ['never called with PodScaledUpByDefault wakes', { scaledUpByDefaultWhenNeverCalled: true }, 1],
    ['recent activity wakes from zero to ReplicasAtStart', { lastActivityMs: 999_000 }, 1],
    ['below ReplicasMin and active goes to ReplicasAtStart (§2.6, even when smaller)', { lastActivityMs: 999_000, replicasMin: 2, currentReplicas: 1 }, 1],
    ['idle past the timeout goes to ReplicasMin', { lastActivityMs: NOW - 301_000, currentReplicas: 3, replicasMin: 1 }, 1],
    ['exactly at the timeout is not idle', { lastActivityMs: NOW - 300_000, currentReplicas: 1 }, 1],
    ['active and already up is unchanged', { lastActivityMs: 999_000, currentReplicas: 4 }, 4],
    ['dependencies not ready keep it at zero', { lastActivityMs: 999_000, dependenciesReady: false }, 0],
    ['a dependent function keeps it awake', { dependentsActivityMs: [999_500] }, 1],
    ['a schedule wake-up counts as activity', { wakeUpAtMs: 999_900 }, 1],
    ['a start failure blocks the wake-up', { lastActivityMs: 999_000, startFailure: true }, 0],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(decideFunctionReplicas({ ...base, ...input }, NOW).desired, expected));
  }
});

describe('lastActivityInstant (autoscaling.md §2.3 steps 1–4)', () => {
  const none = { lastActivityMs: undefined, dependentsActivityMs: [], scaledUpByDefaultWhenNeverCalled: false };
  const cases: Array<[string, Parameters<typeof lastActivityInstant>[0], number | undefined]> = [
    ['never called', none, undefined],
    ['never called, PodScaledUpByDefault', { ...none, scaledUpByDefaultWhenNeverCalled: true }, 5_000],
    ['PodScaledUpByDefault only replaces "never"', { ...none, lastActivityMs: 10, scaledUpByDefaultWhenNeverCalled: true }, 10],
    ['a newer wake-up replaces the last call', { ...none, lastActivityMs: 10, wakeUpAtMs: 20 }, 20],
    ['an older wake-up does not', { ...none, lastActivityMs: 30, wakeUpAtMs: 20 }, 30],
    ['the newest dependent wins', { ...none, lastActivityMs: 10, dependentsActivityMs: [40, undefined, 25] }, 40],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(lastActivityInstant(input, 5_000), expected));
});

describe('chooseReplicas (autoscaling.md §2.6 steps 2–3)', () => {
  const active: ReplicaChoiceInput = { currentReplicas: 2, replicasMin: 0, replicasAtStart: 1, inactive: false, dependenciesReady: true, startFailure: false };
  const cases: Array<[string, Partial<ReplicaChoiceInput>, number]> = [
    ['inactive without m ⇒ ReplicasMin', { inactive: true, replicasMin: 1 }, 1],
    ['inactive with m ⇒ max(min, m)', { inactive: true, metricsDesired: 3 }, 3],
    ['inactive below min is raised to min regardless of dependencies', { inactive: true, currentReplicas: 0, replicasMin: 2, dependenciesReady: false }, 2],
    ['active at zero ⇒ ReplicasAtStart', { currentReplicas: 0, replicasAtStart: 3 }, 3],
    ['active below min ⇒ ReplicasAtStart, even when smaller than min', { currentReplicas: 1, replicasMin: 3, replicasAtStart: 1 }, 1],
    ['active below min ignores m', { currentReplicas: 1, replicasMin: 3, replicasAtStart: 2, metricsDesired: 9 }, 2],
    ['dependencies not ready: wake waits', { currentReplicas: 0, dependenciesReady: false }, 0],
    ['dependencies not ready never block m', { currentReplicas: 2, dependenciesReady: false, metricsDesired: 5 }, 5],
    ['active with m ⇒ max(m, ReplicasAtStart)', { metricsDesired: 0, replicasAtStart: 1 }, 1],
    ['active with m above start', { metricsDesired: 6 }, 6],
    ['active without m keeps current', { currentReplicas: 4 }, 4],
    ['start failure blocks a scale-up', { metricsDesired: 6, startFailure: true }, 2],
    ['start failure blocks a wake', { currentReplicas: 0, startFailure: true }, 0],
    ['start failure never blocks a scale-down', { inactive: true, startFailure: true }, 0],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(chooseReplicas({ ...active, ...input }), expected));
});

describe('decideFunctionReplicas (autoscaling.md §2.3 + §2.6)', () => {
  const now = 1_000_000;
  const base: FunctionDecisionInput = {
    currentReplicas: 0,
    replicasMin: 0,
    replicasAtStart: 1,
    timeoutSeconds: 300,
    lastActivityMs: undefined,
    dependentsActivityMs: [],
    scaledUpByDefaultWhenNeverCalled: false,
    dependenciesReady: true,
    startFailure: false,
  };
  const cases: Array<[string, Partial<FunctionDecisionInput>, number, boolean]> = [
    ['never called stays down', {}, 0, true],
    ['a wake-up 10 s ago wakes it', { wakeUpAtMs: now - 10_000 }, 1, false],
    ['a schedule timeout of 5 s lets a 10 s old call expire', { lastActivityMs: now - 10_000, timeoutSeconds: 5, currentReplicas: 2 }, 0, true],
    ['exactly at the timeout is still active', { lastActivityMs: now - 300_000, currentReplicas: 1 }, 1, false],
    ['inactive but metrics veto scale-to-zero', { lastActivityMs: now - 400_000, currentReplicas: 3, metricsDesired: 2 }, 2, true],
    ['active with metrics', { lastActivityMs: now, currentReplicas: 3, metricsDesired: 7 }, 7, false],
  ];
  for (const [name, input, desired, inactive] of cases) {
    it(name, () => {
      const result = decideFunctionReplicas({ ...base, ...input }, now);
      assert.deepEqual([result.desired, result.inactive], [desired, inactive]);
    });
  }
});
