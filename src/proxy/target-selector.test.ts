import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TargetSelector } from './target-selector.js';
import type { PodInfo } from '../orchestrator/orchestrator.js';

const pod = (name: string): PodInfo => ({ name, ip: '10.0.0.1', ports: [8080], started: true, ready: true, failureReason: '' });

describe('TargetSelector (functions.md §6.2)', () => {
  it('spreads overlapping calls: 3 pods, 6 calls ⇒ 2 each', () => {
    const selector = new TargetSelector();
    const pods = [pod('a'), pod('b'), pod('c')];
    const chosen = Array.from({ length: 6 }, () => selector.acquire('f', pods)!.pod.name);
    assert.deepEqual(chosen.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {}), { a: 2, b: 2, c: 2 });
  });
  it('never refuses: 2 pods, a third overlapping call is still served', () => {
    const selector = new TargetSelector();
    const pods = [pod('a'), pod('b')];
    const names = [1, 2, 3].map(() => selector.acquire('f', pods)?.pod.name);
    assert.equal(names.filter(Boolean).length, 3);
    assert.notEqual(names[0], names[1]);
  });
  it('prefers the least busy pod after releases', () => {
    const selector = new TargetSelector();
    const pods = [pod('a'), pod('b')];
    const first = selector.acquire('f', pods)!;
    const second = selector.acquire('f', pods)!;
    second.release();
    assert.equal(selector.acquire('f', pods)!.pod.name, second.pod.name);
    first.release();
  });
  it('returns null without pods', () => {
    assert.equal(new TargetSelector().acquire('f', []), null);
  });
});
