/**
 * The job definitions the native supervisor declares (platform.md §2.4.11): one per manifest job,
 * mapped like a CronJob-derived definition (jobs.md §2.6) with image `local:<name>`; the manifest
 * environment stays with the supervisor (applied at launch, never advertised).
 */
import type { LocalJob } from '../../config/manifest/types.js';
import type { DeclaredJobDefinition } from '../jobs.js';

const DEFAULT_RESOURCES: Readonly<Record<string, string>> = { cpu: '100m', memory: '100Mi' };

/** `SlimFaas/DependsOn` split on `,`, trimmed, empty entries dropped; null when absent. */
function dependsOn(annotation: string | undefined): string[] | null {
  if (annotation === undefined) return null;
  return annotation
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** An integer annotation, `fallback` when absent or unparsable. */
function integer(annotation: string | undefined, fallback: number): number {
  const text = annotation?.trim() ?? '';
  if (!/^[+-]?\d+$/.test(text)) return fallback;
  const value = Number.parseInt(text, 10);
  return Number.isSafeInteger(value) ? value : fallback;
}

export function jobImage(name: string): string {
  return `local:${name}`;
}

export function jobDefinitionOf(job: LocalJob): DeclaredJobDefinition {
  const a = job.annotations;
  return {
    name: job.name,
    Image: jobImage(job.name),
    ImagesWhitelist: [jobImage(job.name)],
    Resources: {
      Requests: { ...(job.resources?.requests ?? DEFAULT_RESOURCES) },
      Limits: { ...(job.resources?.limits ?? DEFAULT_RESOURCES) },
    },
    DependsOn: dependsOn(a['SlimFaas/DependsOn']),
    Environments: null,
    BackoffLimit: job.backoffLimit,
    Visibility: a['SlimFaas/DefaultVisibility'] ?? 'Private',
    NumberParallelJob: integer(a['SlimFaas/NumberParallelJob'], 1),
    TtlSecondsAfterFinished: job.ttlSecondsAfterFinished,
    RestartPolicy: job.restartPolicy,
    schedules: a['SlimFaas/Schedules'] ?? '',
  };
}
