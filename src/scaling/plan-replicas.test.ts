import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ScaleConfig } from '../model/function-config.js';
import { defaultSchedule, defaultScaleDown, defaultScaleUp } from '../model/parse-annotations.js';
import { emptyAutoscalerState } from './autoscaler/autoscaler-state.js';
import { planReplicas, type ReplicaPlanInput } from './plan-replicas.js';

const T0 = Date.parse('2024-01-15T09:30:00Z');
const scale = (Behavior: ScaleConfig['Behavior'] = { ScaleUp: defaultScaleUp(), ScaleDown: defaultScaleDown() }): ScaleConfig => ({
  ReplicaMax: null,
  ScrapeIntervalMilliseconds: null,
  Triggers: [{ MetricType: 'AverageValue', MetricName: 'rps', Query: 'sum(rate(x[1m]))', Threshold: 10 }],
  Behavior,
});
const noLimits = { ScaleUp: { StabilizationWindowSeconds: 0, Policies: [] }, ScaleDown: { StabilizationWindowSeconds: 0, Policies: [] } };
const base: ReplicaPlanInput = {
  config: { replicasMin: 0, replicasAtStart: 1, timeoutSecondBeforeSetReplicasMin: 300, schedule: defaultSchedule(), scale: null },
  currentReplicas: 0,
  lastActivityMs: undefined,
  dependentsActivityMs: [],
  scaledUpByDefaultWhenNeverCalled: false,
  dependenciesReady: true,
  startFailure: false,
  triggerValues: [],
};
const withConfig = (config: Partial<ReplicaPlanInput['config']>, rest: Partial<ReplicaPlanInput> = {}): ReplicaPlanInput => ({
  ...base,
  ...rest,
  config: { ...base.config, ...config },
});

describe('planReplicas (autoscaling.md §2.6)', () => {
  it('a wake-up from zero does not consume the scale-up budget (decision 11)', () => {
    const config = { scale: scale() };
    const wake = planReplicas(withConfig(config, { lastActivityMs: T0 - 500, triggerValues: [90] }), emptyAutoscalerState(), T0);
    assert.deepEqual([wake.desired, wake.metricsDesired, wake.autoscaler], [1, undefined, undefined]);
    assert.deepEqual(wake.state, emptyAutoscalerState());
    // One tick later, at 1 replica: raw ceil(90/10) = 9, default ScaleUp allows +max(1, 4) at once.
    const next = planReplicas(withConfig(config, { currentReplicas: 1, lastActivityMs: T0 - 500, triggerValues: [90] }), wake.state, T0 + 1000);
    assert.deepEqual([next.desired, next.metricsDesired], [5, 5]);
    assert.deepEqual(next.state.decisions, [{ atSeconds: Math.floor(T0 / 1000) + 1, replicas: 5 }]);
    assert.equal(next.autoscaler?.direction, 'up');
  });

  it('an empty queue just after a wake records no scale-down the ReplicasAtStart floor refused (decision 11)', () => {
    const config = { scale: scale() };
    // Tick 1 after the wake, at 1 replica: the trigger still reads 0, so m = 0, but the active function keeps ReplicasAtStart = 1.
    const first = planReplicas(withConfig(config, { currentReplicas: 1, lastActivityMs: T0 - 500, triggerValues: [0] }), emptyAutoscalerState(), T0);
    assert.deepEqual([first.desired, first.metricsDesired], [1, 0]);
    assert.deepEqual(first.state.decisions, []);
    assert.equal(first.state.recommendations.length, 1);
    // Tick 2, one second later: the backlog arrives; the scale-up is not held for the 15 s policy period.
    const second = planReplicas(withConfig(config, { currentReplicas: 1, lastActivityMs: T0 - 500, triggerValues: [90] }), first.state, T0 + 1000);
    assert.deepEqual([second.desired, second.metricsDesired], [5, 5]);
  });

  it('a scale-down the floor only shortens is recorded as the count requested', () => {
    const plan = planReplicas(withConfig({ scale: scale(noLimits), replicasAtStart: 2 }, { currentReplicas: 4, lastActivityMs: T0, triggerValues: [0] }), emptyAutoscalerState(), T0);
    assert.deepEqual([plan.desired, plan.metricsDesired], [2, 0]);
    assert.deepEqual(plan.state.decisions, [{ atSeconds: Math.floor(T0 / 1000), replicas: 2 }]);
  });

  it('m is computed (and its history advances) even when the wake branch wins', () => {
    const plan = planReplicas(withConfig({ scale: scale(), replicasMin: 3, replicasAtStart: 2 }, { currentReplicas: 1, lastActivityMs: T0, triggerValues: [90] }), emptyAutoscalerState(), T0);
    assert.deepEqual([plan.desired, plan.metricsDesired], [2, 5]);
    assert.equal(plan.state.recommendations.length, 1);
  });

  const cases: Array<[string, ReplicaPlanInput, number, boolean]> = [
    ['no Scale, active, already up: unchanged', withConfig({}, { currentReplicas: 3, lastActivityMs: T0 - 1000 }), 3, false],
    ['no Scale, inactive: ReplicasMin', withConfig({ replicasMin: 1 }, { currentReplicas: 3, lastActivityMs: T0 - 301_000 }), 1, true],
    ['inactive, but metrics want capacity', withConfig({ scale: scale(noLimits) }, { currentReplicas: 3, lastActivityMs: T0 - 301_000, triggerValues: [20] }), 2, true],
    ['inactive and metrics at 0: scale to zero', withConfig({ scale: scale(noLimits) }, { currentReplicas: 3, lastActivityMs: T0 - 301_000, triggerValues: [0] }), 0, true],
    ['inactive with missing data: the current count is held', withConfig({ scale: scale(noLimits) }, { currentReplicas: 3, lastActivityMs: T0 - 301_000, triggerValues: [null] }), 3, true],
    ['active: metrics floored at ReplicasAtStart', withConfig({ scale: scale(noLimits), replicasAtStart: 2 }, { currentReplicas: 3, lastActivityMs: T0, triggerValues: [0] }), 2, false],
    ['start failure blocks the metric scale-up', withConfig({ scale: scale(noLimits) }, { currentReplicas: 2, lastActivityMs: T0, triggerValues: [90], startFailure: true }), 2, false],
    [
      'a schedule wake-up wakes a never-called function',
      withConfig({ schedule: { TimeZoneID: 'Europe/Paris', Default: { WakeUp: ['10:29'], ScaleDownTimeout: [] } } }),
      1,
      false,
    ],
    [
      'a schedule timeout replaces TimeoutSecondBeforeSetReplicasMin',
      withConfig({ schedule: { TimeZoneID: 'Europe/Paris', Default: { WakeUp: [], ScaleDownTimeout: [{ Time: '8:00', Value: 10 }] } } }, { currentReplicas: 2, lastActivityMs: T0 - 20_000 }),
      0,
      true,
    ],
    ['a dependent function keeps it awake', withConfig({}, { currentReplicas: 1, lastActivityMs: T0 - 400_000, dependentsActivityMs: [T0 - 5_000] }), 1, false],
  ];
  for (const [name, input, desired, inactive] of cases) {
    it(name, () => {
      const plan = planReplicas(input, emptyAutoscalerState(), T0);
      assert.deepEqual([plan.desired, plan.inactive], [desired, inactive]);
    });
  }

  it('passes schedule warnings through', () => {
    const plan = planReplicas(withConfig({ schedule: { TimeZoneID: 'Nowhere/City', Default: { WakeUp: ['8:00'], ScaleDownTimeout: [] } } }), emptyAutoscalerState(), T0);
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0]!, /unknown TimeZoneID "Nowhere\/City"/);
  });
});
