import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CpuSampler, cpuPercent, processCpuSource } from './cpu-sampler.js';
import { fileCpuSource, testCpuFile } from './test-cpu-source.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../test/helpers/wait.js';

/** A sampler over a scripted clock (ms) and cumulative CPU (µs); returns the usage after each tick. */
function run(processors: number, readings: Array<[number, number]>, high = 80): { usages: number[]; warnings: string[] } {
  let i = -1;
  const warnings: string[] = [];
  const sampler = new CpuSampler({
    cpu: () => readings[++i]![1],
    clock: () => readings[i]![0],
    processors,
    highThreshold: high,
    logger: { warn: (m) => warnings.push(m) },
  });
  const usages = readings.map(() => (sampler.tick(), sampler.usage));
  return { usages, warnings };
}

describe('cpuPercent', () => {
  const cases: Array<[number, number, number, number]> = [
    // [cpu µs, elapsed ms, processors, percent]
    [1_000_000, 1000, 1, 100],
    [500_000, 1000, 1, 50],
    [1_000_000, 1000, 4, 25],
    [4_000_000, 1000, 4, 100],
    [0, 1000, 8, 0],
    [300_000, 100, 4, 75],
  ];
  for (const [cpu, ms, n, pct] of cases) it(`${cpu} µs over ${ms} ms on ${n} → ${pct}%`, () => assert.equal(cpuPercent(cpu, ms, n), pct));
});

describe('CpuSampler', () => {
  it('the first tick is only a baseline: usage stays 0 until the second', () => {
    assert.deepEqual(run(1, [[1000, 5_000_000]]).usages, [0]);
    assert.deepEqual(run(1, [[1000, 5_000_000], [2000, 5_500_000]]).usages, [0, 50]);
  });

  it('each sample is the delta over the last interval, as a share of all logical processors', () => {
    const { usages } = run(2, [[0, 0], [1000, 1_000_000], [2000, 3_000_000], [2500, 3_000_000], [3500, 3_200_000]]);
    assert.deepEqual(usages, [0, 50, 100, 0, 10]);
  });

  it('a tick at the same instant keeps the previous value and rebaselines', () => {
    const { usages } = run(1, [[0, 0], [1000, 900_000], [1000, 2_000_000], [2000, 2_100_000]]);
    assert.deepEqual(usages, [0, 90, 90, 10]);
  });

  it('warns for every sample at or above the high threshold, and only for those', () => {
    const { warnings } = run(1, [[0, 0], [1000, 800_000], [2000, 1_590_000], [3000, 2_590_000], [4000, 2_600_000]]);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /80\.0%.*high threshold \(80%\)/);
    assert.match(warnings[1]!, /100\.0%/);
  });

  it('the production source is process.cpuUsage() in µs, non-decreasing', () => {
    const a = processCpuSource();
    const b = processCpuSource();
    assert.ok(a > 0 && b >= a);
  });

  it('start() ticks on its interval (baseline first) and stop() ends it', async () => {
    let cpu = 0;
    let ticks = 0;
    const sampler = new CpuSampler({ cpu: () => (ticks++, (cpu += 1000)), processors: 1, highThreshold: 80, logger: { warn() {} } });
    sampler.start(100);
    await waitFor(() => ticks >= 2, 10_000, 'two ticks');
    sampler.stop();
    const after = ticks;
    assert.ok(sampler.usage > 0);
    sampler.start(100);
    await waitFor(() => ticks > after, 10_000, 'a tick after a restart');
    sampler.stop();
  });
});

describe('test-only file CPU source', () => {
  it('is used only with SLIMFAAS_TEST=1 and SLIMFAAS_TEST_CPU_FILE', () => {
    assert.equal(testCpuFile({ SLIMFAAS_TEST_CPU_FILE: '/x' }), null);
    assert.equal(testCpuFile({ SLIMFAAS_TEST: '1' }), null);
    assert.equal(testCpuFile({ SLIMFAAS_TEST: '0', SLIMFAAS_TEST_CPU_FILE: '/x' }), null);
    assert.equal(testCpuFile({ SLIMFAAS_TEST: '1', SLIMFAAS_TEST_CPU_FILE: '/x' }), '/x');
  });

  it('makes the real sampler report the percentage in the file, and counts its reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-cpu-'));
    try {
      const file = join(dir, 'cpu');
      let now = 0;
      const source = fileCpuSource(file, 4, () => now);
      const sampler = new CpuSampler({ ...source, processors: 4, highThreshold: 80, logger: { warn() {} } });
      const usages: number[] = [];
      for (const [at, pct] of [[0, '90'], [1000, '90'], [1500, '70'], [2500, ' 35.5\n'], [3500, 'garbage'], [4000, '']] as const) {
        now = at;
        writeFileSync(file, pct);
        sampler.tick();
        usages.push(Math.round(sampler.usage * 1000) / 1000);
      }
      // The value read applies to the interval that ends at the read; unreadable content keeps the last value.
      assert.deepEqual(usages, [0, 90, 70, 35.5, 35.5, 35.5]);
      assert.equal(readFileSync(`${file}.reads`, 'utf8'), '6');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
