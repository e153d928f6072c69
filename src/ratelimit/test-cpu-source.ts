/**
 * TEST-ONLY CPU source for end-to-end tests, never used in production: read only when
 * `SLIMFAAS_TEST=1` and `SLIMFAAS_TEST_CPU_FILE=<path>` are both set. The file holds the CPU
 * percentage the sampler must report; the source turns it into the cumulative CPU time that gives
 * exactly that percentage, so the real sampler runs unchanged. After each read it writes the
 * number of reads so far to `<path>.reads`, so a test can wait until a new value was sampled.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { CpuSource } from './cpu-sampler.js';

/** The test file's path when the test-only source is requested, else null. */
export function testCpuFile(env: NodeJS.ProcessEnv): string | null {
  const path = env.SLIMFAAS_TEST === '1' ? env.SLIMFAAS_TEST_CPU_FILE?.trim() : undefined;
  return path ? path : null;
}

/** A source whose usage over each interval (by `clock`, in ms) is the percentage in `path`. */
export function fileCpuSource(path: string, processors: number, clock: () => number): { cpu: CpuSource; clock: () => number } {
  let cumulative = 0;
  let lastAt: number | null = null;
  let percent = 0;
  let reads = 0;
  let now = clock();
  const cpu: CpuSource = () => {
    now = clock();
    try {
      const text = readFileSync(path, 'utf8').trim();
      const value = Number(text);
      if (text !== '' && Number.isFinite(value)) percent = value;
    } catch {
      /* missing: keep the last value (as for empty or non-numeric content) */
    }
    if (lastAt !== null) cumulative += (percent / 100) * processors * (now - lastAt) * 1000;
    lastAt = now;
    reads++;
    try {
      writeFileSync(`${path}.reads.tmp`, String(reads));
      renameSync(`${path}.reads.tmp`, `${path}.reads`);
    } catch {
      /* the test directory went away */
    }
    return cumulative;
  };
  // The sampler reads the CPU first, then the clock: give it the instant of that read.
  return { cpu, clock: () => now };
}
