/**
 * Turning a trigger into a run (jobs.md §4): the image whitelist, resources capped by the
 * definition, environments merged, dependencies replaced. Pure: the route and the scheduler both
 * call it, so a schedule gets exactly the checks of a manual trigger.
 */
import type { JobEnvironmentEntry, JobResources } from '../orchestrator/jobs.js';
import type { JobDefinition } from './job-definition.js';
import { quantityValue } from './quantity.js';

/** `POST /job/{name}` body and schedule entries (PascalCase, case-sensitive). */
export interface JobRequest {
  Args: string[] | null;
  Image: string;
  Resources: { Requests?: Record<string, string> | null; Limits?: Record<string, string> | null } | null;
  Environments: JobEnvironmentEntry[] | null;
  DependsOn: string[] | null;
}

/** What a queued run carries until it is created. */
export interface RunRequest {
  image: string;
  args: string[] | null;
  resources: JobResources;
  environment: JobEnvironmentEntry[];
  dependsOn: string[] | null;
}

export type RunRefusal = 'image_not_allowed';

/** `*` matches any sequence (including none); everything else is literal and case-sensitive; whole string. */
export function imageAllowed(image: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return regex.test(image);
  });
}

/** Per map: exactly the definition's keys; a requested value kept when it does not exceed the definition's. */
export function capResources(requested: JobRequest['Resources'], ceiling: JobResources): JobResources {
  const cap = (asked: Record<string, string> | null | undefined, limit: Record<string, string>) => {
    const out: Record<string, string> = {};
    for (const [key, max] of Object.entries(limit)) {
      const value = asked?.[key];
      const a = value === undefined ? null : quantityValue(value);
      const b = quantityValue(max);
      out[key] = value !== undefined && a !== null && (b === null || a <= b) ? value : max;
    }
    return out;
  };
  return { Requests: cap(requested?.Requests, ceiling.Requests), Limits: cap(requested?.Limits, ceiling.Limits) };
}

/** Definition entries whose name the request does not use, then the request's, in order. */
export function mergeEnvironments(definition: readonly JobEnvironmentEntry[] | null, requested: readonly JobEnvironmentEntry[] | null): JobEnvironmentEntry[] {
  const names = new Set((requested ?? []).map((e) => e.Name));
  return [...(definition ?? []).filter((e) => !names.has(e.Name)), ...(requested ?? [])];
}

export function buildRun(definition: JobDefinition, request: JobRequest): RunRequest | RunRefusal {
  if (request.Image !== '' && !imageAllowed(request.Image, definition.ImagesWhitelist)) return 'image_not_allowed';
  return {
    image: request.Image !== '' ? request.Image : definition.Image,
    args: request.Args,
    resources: capResources(request.Resources, definition.Resources),
    environment: mergeEnvironments(definition.Environments, request.Environments),
    dependsOn: request.DependsOn ?? definition.DependsOn,
  };
}
