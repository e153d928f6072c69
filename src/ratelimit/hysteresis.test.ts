import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextLimiting } from './hysteresis.js';

describe('nextLimiting (≥ high → on, ≤ low → off, between → keep)', () => {
  const t = { cpuHighThreshold: 80, cpuLowThreshold: 60 };
  const cases: Array<[boolean, number, boolean]> = [
    // [limiting before, usage, limiting after]
    [false, 0, false],
    [false, 59.9, false],
    [false, 60, false],
    [false, 70, false],
    [false, 79.99, false],
    [false, 80, true],
    [false, 100, true],
    [false, 250, true],
    [true, 100, true],
    [true, 80, true],
    [true, 79.99, true],
    [true, 70, true],
    [true, 60.01, true],
    [true, 60, false],
    [true, 0, false],
  ];
  for (const [before, usage, after] of cases) {
    it(`${before ? 'on' : 'off'} + ${usage}% → ${after ? 'on' : 'off'}`, () => assert.equal(nextLimiting(before, usage, t), after));
  }

  it('a sequence rises, holds between the thresholds, and falls', () => {
    let on = false;
    const seen = [50, 75, 85, 75, 65, 60, 75, 80].map((u) => (on = nextLimiting(on, u, t)));
    assert.deepEqual(seen, [false, false, true, true, true, false, false, true]);
  });
});
