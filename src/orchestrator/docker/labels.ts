/** Docker labels SlimFaas reads and writes (platform.md §2.3.2, §2.3.5) and how a container's role follows from them. Pure. */

export const LABEL = {
  function: 'SlimFaas/Function',
  namespace: 'SlimFaas/Namespace',
  app: 'app',
  template: 'SlimFaas/template',
  publishedPorts: 'SlimFaas/PublishedPorts',
  job: 'SlimFaas/Job',
  dependsOn: 'SlimFaas/DependsOn',
  jobTtl: 'SlimFaas/TtlSecondsAfterFinished',
  jobImagesWhitelist: 'SlimFaas/JobImagesWhitelist',
  jobName: 'slimfaas-job-name',
  jobElementId: 'slimfaas-job-element-id',
  jobInQueue: 'slimfaas-in-queue-timestamp',
  jobStart: 'slimfaas-job-start-timestamp',
  /** Ours: the definition a run belongs to. */
  jobDefinition: 'slimfaas-job-definition',
  composeProject: 'com.docker.compose.project',
  composeService: 'com.docker.compose.service',
  composeOneoff: 'com.docker.compose.oneoff',
} as const;

export type Labels = Readonly<Record<string, string>>;

/** `true`, `1`, `yes`, `y`, case-insensitive, surrounding blanks ignored. */
export function isTrueLike(value: string | undefined): boolean {
  return ['true', '1', 'yes', 'y'].includes((value ?? '').trim().toLowerCase());
}

export type ContainerRole = 'replica' | 'template' | 'job-run' | 'job-definition' | 'other';

/** Docker reports names with a leading `/`. */
export function containerName(rawName: string): string {
  return rawName.startsWith('/') ? rawName.slice(1) : rawName;
}

export function isTemplate(name: string, labels: Labels): boolean {
  return isTrueLike(labels[LABEL.template]) || containerName(name).includes('-template');
}

/**
 * A job run carries `slimfaas-job-name`; a function container a true-like `SlimFaas/Function` and
 * an `app`; a job definition a true-like `SlimFaas/Job`. Namespace filtering happens at listing.
 */
export function roleOf(name: string, labels: Labels): ContainerRole {
  if ((labels[LABEL.jobName] ?? '') !== '') return 'job-run';
  if (isTrueLike(labels[LABEL.function]) && (labels[LABEL.app] ?? '').trim() !== '') return isTemplate(name, labels) ? 'template' : 'replica';
  if (isTrueLike(labels[LABEL.job])) return 'job-definition';
  return 'other';
}

/** `a, b,,c` → `['a','b','c']`; null when absent. */
export function csvList(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A non-negative-or-any integer label; `fallback` when absent or not an integer. */
export function intLabel(value: string | undefined, fallback: number): number {
  const text = (value ?? '').trim();
  if (!/^[+-]?\d+$/.test(text)) return fallback;
  const parsed = Number.parseInt(text, 10);
  return Number.isSafeInteger(parsed) ? parsed : fallback;
}
