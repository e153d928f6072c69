/**
 * A run container as a `JobInfo` (platform.md §2.3.5): created → Pending (Failed when the engine
 * could not start it), running/restarting between retries → Running, finished with exit 0 →
 * Succeeded, otherwise Failed; labels give ids, ticks and `DependsOn`; a finished run expires
 * `SlimFaas/TtlSecondsAfterFinished` seconds (60 when absent) after it finished. Pure.
 */
import type { JobInfo, JobStatus } from '../jobs.js';
import { LABEL, containerName, csvList, intLabel } from './labels.js';
import { containerIps, isFinished, labelsOf, timeMs, type InspectedContainer } from './inspected.js';

export function jobStatusOf(c: InspectedContainer): JobStatus {
  const s = c.State;
  if (s.Status === 'created') return s.Error ? 'Failed' : 'Pending';
  if (isFinished(c)) return s.ExitCode === 0 && !s.OOMKilled && !s.Error ? 'Succeeded' : 'Failed';
  return 'Running';
}

export function jobInfoOf(c: InspectedContainer): JobInfo {
  const labels = labelsOf(c);
  return {
    name: labels[LABEL.jobName] || containerName(c.Name),
    status: jobStatusOf(c),
    elementId: labels[LABEL.jobElementId] ?? '',
    inQueueTicks: labels[LABEL.jobInQueue] ?? '0',
    startTicks: labels[LABEL.jobStart] ?? '0',
    ips: c.State.Running ? containerIps(c) : [],
    dependsOn: csvList(labels[LABEL.dependsOn]) ?? [],
  };
}

/** Epoch ms after which a finished run is removed; null while it has not finished. */
export function jobExpiresAt(c: InspectedContainer): number | null {
  const status = jobStatusOf(c);
  if (status !== 'Succeeded' && status !== 'Failed') return null;
  const ttlSeconds = Math.max(0, intLabel(labelsOf(c)[LABEL.jobTtl], 60));
  const finished = timeMs(c.State.FinishedAt) ?? timeMs(c.Created) ?? 0;
  return finished + ttlSeconds * 1000;
}
