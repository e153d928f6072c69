/**
 * Wires CPU load shedding for one node (platform.md §4.1): null (nothing registered, no timer)
 * unless enabled; otherwise a started sampler (`process.cpuUsage()`, or the test-only file source
 * under `SLIMFAAS_TEST=1`) behind a `LoadShedder`, whose `stop()` stops the sampler.
 */
import { availableParallelism } from 'node:os';
import type { Logger } from '../logging.js';
import { CpuSampler } from './cpu-sampler.js';
import { LoadShedder } from './load-shedder.js';
import type { RateLimitSettings } from './rate-limit-settings.js';
import { fileCpuSource, testCpuFile } from './test-cpu-source.js';

export function createLoadShedding(settings: RateLimitSettings, logger: Logger, env: NodeJS.ProcessEnv = process.env): LoadShedder | null {
  if (!settings.enabled) return null;
  const processors = availableParallelism();
  const file = testCpuFile(env);
  const source = file === null ? {} : fileCpuSource(file, processors, () => performance.now());
  const sampler = new CpuSampler({ ...source, processors, highThreshold: settings.cpuHighThreshold, logger });
  sampler.start(settings.sampleIntervalMs);
  logger.info(
    `CPU rate limiting enabled: 429 above ${settings.cpuHighThreshold}% until ≤ ${settings.cpuLowThreshold}%, sampled every ${settings.sampleIntervalMs} ms${file === null ? '' : ` (test CPU source ${file})`}`,
  );
  return new LoadShedder(settings, () => sampler.usage, logger, () => sampler.stop());
}
