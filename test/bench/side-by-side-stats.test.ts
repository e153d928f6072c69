// Unit tests of the side-by-side benchmark's pure helpers: percentile and compare.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, compare } from '../../bench/side-by-side/stats.js';

describe('bench percentile', () => {
  it('takes the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(xs, 0.5), 50);
    assert.equal(percentile(xs, 0.99), 99);
    assert.equal(percentile(xs, 1), 100);
    assert.equal(percentile([7], 0.95), 7);
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });
});

describe('bench compare', () => {
  it('flags a change for the worse above 10% by direction', () => {
    const a = { sync: [{ route: 'slimfaas', payloadBytes: 64, concurrency: 1, p50Ms: 1, rps: 1000 }], async: { lost: 0 } };
    const b = { sync: [{ route: 'slimfaas', payloadBytes: 64, concurrency: 1, p50Ms: 1.05, rps: 800 }], async: { lost: 1 } };
    const byName = Object.fromEntries(compare(a, b).map((c) => [c.figure, c]));
    assert.equal(byName['sync.slimfaas.64B.c1.p50Ms']!.regression, false);
    assert.equal(byName['sync.slimfaas.64B.c1.rps']!.regression, true);
    assert.equal(byName['sync.slimfaas.64B.c1.rps']!.changePct, -20);
    assert.equal(byName['async.lost']!.regression, true);
  });
});
