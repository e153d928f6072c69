// The manifest-level annotation rules of platform.md §2.4.2 for functions and jobs: opt-in flags, replica
// maximum, job settings, schedules and `processes:<name>` dependencies. Full parsing happens at runtime.
import { checkSchedules } from './schedules.js';

const PROCESS_PREFIX = 'processes:';

/** Lenient integer reading used for replica counts: anything not an integer gives the fallback. */
function lenientInt(value: string | undefined, fallback: number): number {
  const text = value?.trim() ?? '';
  return /^[+-]?\d+$/.test(text) ? Number(text) : fallback;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

/** `SlimFaas/Scale.ReplicaMax` when the annotation is JSON holding an integer there. */
function scaleReplicaMax(value: string | undefined): number | undefined {
  if (!value?.trim()) return undefined;
  try {
    const scale: unknown = JSON.parse(value);
    const max = (scale as { ReplicaMax?: unknown } | null)?.ReplicaMax;
    return Number.isInteger(max) ? (max as number) : undefined;
  } catch {
    return undefined;
  }
}

function checkDependsOn(path: string, entries: string[], processes: ReadonlySet<string>, errors: string[]): void {
  for (const entry of entries.map((item) => item.trim())) {
    if (!entry.startsWith(PROCESS_PREFIX)) continue;
    const name = entry.slice(PROCESS_PREFIX.length);
    if (!processes.has(name)) errors.push(`${path}: '${entry}' does not name a process of processes.`);
  }
}

const csv = (value: string | undefined): string[] => (value ?? '').split(',').filter((item) => item.trim() !== '');

/** Checks a function's annotations and returns its replica maximum (1 for debugUrl functions). */
export function checkFunctionAnnotations(
  path: string,
  annotations: Record<string, string>,
  debug: boolean,
  processes: ReadonlySet<string>,
  errors: string[],
): number {
  if (!isTrue(annotations['SlimFaas/Function'])) errors.push(`${path} must contain SlimFaas/Function: "true".`);
  checkDependsOn(`${path}.SlimFaas/DependsOn`, csv(annotations['SlimFaas/DependsOn']), processes, errors);
  if (debug) return 1;
  const floor = Math.max(lenientInt(annotations['SlimFaas/ReplicasMin'], 0), lenientInt(annotations['SlimFaas/ReplicasAtStart'], 1));
  const replicaMax = scaleReplicaMax(annotations['SlimFaas/Scale']);
  if (replicaMax !== undefined && replicaMax < floor) {
    errors.push(
      `${path}: SlimFaas/Scale.ReplicaMax (${replicaMax}) must be >= max(SlimFaas/ReplicasMin, SlimFaas/ReplicasAtStart) (${floor}).`,
    );
  }
  return Math.max(floor, replicaMax ?? 0);
}

/** Checks a job's annotations (opt-in flag, visibility, parallelism, schedules, dependencies). */
export function checkJobAnnotations(
  path: string,
  annotations: Record<string, string>,
  processes: ReadonlySet<string>,
  errors: string[],
): void {
  if (!isTrue(annotations['SlimFaas/Job'])) errors.push(`${path} must contain SlimFaas/Job: "true".`);
  const visibility = annotations['SlimFaas/DefaultVisibility']?.trim();
  if (visibility && !['public', 'private'].includes(visibility.toLowerCase())) {
    errors.push(`${path}.SlimFaas/DefaultVisibility must be Public or Private.`);
  }
  const parallel = annotations['SlimFaas/NumberParallelJob']?.trim();
  if (parallel && lenientInt(parallel, 0) < 1) errors.push(`${path}.SlimFaas/NumberParallelJob must be an integer >= 1.`);
  checkDependsOn(`${path}.SlimFaas/DependsOn`, csv(annotations['SlimFaas/DependsOn']), processes, errors);
  const scheduled = checkSchedules(`${path}.SlimFaas/Schedules`, annotations['SlimFaas/Schedules'], errors);
  checkDependsOn(`${path}.SlimFaas/Schedules`, scheduled, processes, errors);
}
