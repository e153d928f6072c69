import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ScalePolicy } from '../../model/function-config.js';
import { limitScaleDown, limitScaleUp } from './rate-limit.js';

const NOW = 10_000;
const pods = (Value: number, PeriodSeconds = 15): ScalePolicy => ({ Type: 'Pods', Value, PeriodSeconds });
const pct = (Value: number, PeriodSeconds = 15): ScalePolicy => ({ Type: 'Percent', Value, PeriodSeconds });
/** [seconds ago, replicas] pairs. */
const hist = (...pairs: Array<[number, number]>) => pairs.map(([ago, replicas]) => ({ atSeconds: NOW - ago, replicas }));
const DEFAULT_UP = [pct(100), pods(4)];

interface Case {
  name: string;
  policies: ScalePolicy[];
  window?: number;
  decisions?: Array<[number, number]>;
  recommendations?: Array<[number, number]>;
  current: number;
  desired: number;
  expected: number;
}

describe('limitScaleUp (autoscaling.md §3.4)', () => {
  const cases: Case[] = [
    { name: 'no policies: no limit', policies: [], current: 2, desired: 50, expected: 50 },
    { name: 'default policies from 1: +max(1, 4)', policies: DEFAULT_UP, current: 1, desired: 10, expected: 5 },
    { name: 'default policies from 10: +max(10, 4)', policies: DEFAULT_UP, current: 10, desired: 30, expected: 20 },
    { name: 'only the needed step is taken', policies: DEFAULT_UP, current: 10, desired: 12, expected: 12 },
    { name: 'Percent with a period is capped at Value pods', policies: [pct(100)], current: 300, desired: 1000, expected: 400 },
    { name: 'Percent without a period is not', policies: [pct(100, 0)], current: 300, desired: 1000, expected: 600 },
    { name: 'a decision within the period consumes every timed policy', policies: DEFAULT_UP, decisions: [[15, 3]], current: 5, desired: 20, expected: 5 },
    { name: 'a scale-down decision consumes it too', policies: DEFAULT_UP, decisions: [[1, 2]], current: 2, desired: 9, expected: 2 },
    { name: 'a decision just outside the period does not', policies: DEFAULT_UP, decisions: [[16, 3]], current: 5, desired: 20, expected: 10 },
    { name: 'an untimed policy still allows its step', policies: [pods(4), pods(2, 0)], decisions: [[5, 3]], current: 5, desired: 20, expected: 7 },
    { name: 'policies with Value <= 0 are ignored ⇒ hold', policies: [pods(0), pct(-5)], current: 5, desired: 20, expected: 5 },
    { name: 'Percent gives nothing at 0 replicas; Pods does', policies: DEFAULT_UP, current: 0, desired: 9, expected: 4 },
    { name: 'Percent rounds down', policies: [pct(50, 0)], current: 3, desired: 9, expected: 4 },
    { name: 'stabilisation caps at the highest recent decision', policies: [], window: 60, decisions: [[30, 6], [50, 4]], current: 4, desired: 10, expected: 6 },
    { name: 'stabilisation may pull below current', policies: [], window: 60, decisions: [[30, 2]], current: 4, desired: 10, expected: 2 },
    { name: 'stabilisation window is inclusive', policies: [], window: 60, decisions: [[60, 5]], current: 4, desired: 10, expected: 5 },
    { name: 'no decision in the window: no cap', policies: [], window: 60, decisions: [[61, 5]], current: 4, desired: 10, expected: 10 },
    { name: 'policies apply before stabilisation', policies: [pods(2, 0)], window: 60, decisions: [[30, 9]], current: 4, desired: 10, expected: 6 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const behavior = { StabilizationWindowSeconds: c.window ?? 0, Policies: c.policies };
      assert.equal(limitScaleUp(behavior, hist(...(c.decisions ?? [])), c.current, c.desired, NOW), c.expected);
    });
  }
});

describe('limitScaleDown (autoscaling.md §3.4)', () => {
  const cases: Case[] = [
    { name: 'no policies: no limit', policies: [], current: 10, desired: 2, expected: 2 },
    { name: 'default Percent 100: all the way', policies: [pct(100)], current: 10, desired: 2, expected: 2 },
    { name: 'Pods 1 per period', policies: [pods(1, 10)], current: 10, desired: 2, expected: 9 },
    { name: 'the most conservative policy wins', policies: [pct(50, 0), pods(3, 0)], current: 10, desired: 2, expected: 7 },
    { name: 'budget used by a higher decision in the period', policies: [pods(3)], decisions: [[5, 12]], current: 10, desired: 2, expected: 9 },
    { name: 'exhausted budget skips the policy ⇒ hold', policies: [pods(3)], decisions: [[5, 13]], current: 10, desired: 2, expected: 10 },
    { name: 'an exhausted policy is skipped, not the smallest', policies: [pods(3), pct(50)], decisions: [[5, 13]], current: 10, desired: 2, expected: 5 },
    { name: 'Percent Value counts as pods in the budget', policies: [pct(50, 30)], decisions: [[5, 58]], current: 10, desired: 2, expected: 8 },
    { name: 'lower decisions in the period do not use budget', policies: [pods(3)], decisions: [[5, 10]], current: 10, desired: 2, expected: 7 },
    { name: 'a period of 0 has no budget', policies: [pods(3, 0)], decisions: [[5, 13]], current: 10, desired: 2, expected: 7 },
    { name: 'decisions outside the period are forgotten', policies: [pods(3)], decisions: [[16, 13]], current: 10, desired: 2, expected: 7 },
    { name: 'stabilisation holds at the highest recent recommendation', policies: [], window: 300, recommendations: [[100, 8], [0, 2]], current: 10, desired: 2, expected: 8 },
    { name: 'stabilisation window is inclusive', policies: [], window: 300, recommendations: [[300, 8], [0, 2]], current: 10, desired: 2, expected: 8 },
    { name: 'older recommendations are ignored', policies: [], window: 300, recommendations: [[301, 8], [0, 2]], current: 10, desired: 2, expected: 2 },
    { name: 'stabilisation can exceed current (scale-down-branch-stabilization-can-exceed-current)', policies: [], window: 300, recommendations: [[10, 15], [0, 2]], current: 10, desired: 2, expected: 15 },
    { name: 'policies apply before stabilisation', policies: [pods(1, 0)], window: 300, recommendations: [[10, 3], [0, 2]], current: 10, desired: 2, expected: 9 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const behavior = { StabilizationWindowSeconds: c.window ?? 0, Policies: c.policies };
      const result = limitScaleDown(behavior, hist(...(c.decisions ?? [])), hist(...(c.recommendations ?? [])), c.current, c.desired, NOW);
      assert.equal(result, c.expected);
    });
  }
});
