// Validates a job's `SlimFaas/Schedules` annotation (JSON array of schedule entries, jobs.md §8.1).
import { cronError } from '../../jobs/cron.js';

/** Pushes every problem of the annotation into `errors`; returns the DependsOn entries of all schedules. */
export function checkSchedules(path: string, value: string | undefined, errors: string[]): string[] {
  if (value === undefined || value.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    errors.push(`${path} must be a JSON array: ${(error as Error).message}.`);
    return [];
  }
  if (!Array.isArray(parsed)) {
    errors.push(`${path} must be a JSON array.`);
    return [];
  }
  const dependsOn: string[] = [];
  for (const [index, entry] of parsed.entries()) {
    const at = `${path}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push(`${at} must be a JSON object.`);
      continue;
    }
    const item = entry as Record<string, unknown>;
    if (typeof item.Schedule !== 'string') {
      errors.push(`${at}.Schedule is required.`);
    } else {
      const problem = cronError(item.Schedule);
      if (problem) errors.push(`${at}.Schedule '${item.Schedule}' is invalid: ${problem}.`);
    }
    if (item.Args != null && !isStringArray(item.Args)) errors.push(`${at}.Args must be an array of strings.`);
    for (const key of ['BackoffLimit', 'TtlSecondsAfterFinished']) {
      const number = item[key];
      if (number != null && !(Number.isInteger(number) && (number as number) >= 0)) {
        errors.push(`${at}.${key} must be an integer >= 0.`);
      }
    }
    if (item.DependsOn != null) {
      if (isStringArray(item.DependsOn)) dependsOn.push(...item.DependsOn);
      else errors.push(`${at}.DependsOn must be an array of strings.`);
    }
  }
  return dependsOn;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
