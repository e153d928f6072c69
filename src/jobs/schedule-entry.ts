/**
 * Cron schedule entries (jobs.md §8.1): parsing with case-sensitive PascalCase fields, the echo
 * form of `GET /job-schedules` (null fields omitted, `DependsOn` always present), and the
 * deterministic 8-hex-character id of static schedules (a content hash).
 */
import { createHash } from 'node:crypto';
import type { JobEnvironmentEntry } from '../orchestrator/jobs.js';
import type { JobRequest } from './job-request.js';
import { cronError } from './cron.js';

export interface ScheduleEntry {
  Schedule: string;
  Args: string[] | null;
  Image: string;
  BackoffLimit: number;
  TtlSecondsAfterFinished: number;
  RestartPolicy: string;
  Resources: JobRequest['Resources'];
  Environments: JobEnvironmentEntry[] | null;
  DependsOn: string[] | null;
}

export type ParsedEntry = { ok: true; entry: ScheduleEntry } | { ok: false; error: string };

/** One entry from a JSON value; the cron expression must be valid. */
export function parseScheduleEntry(value: unknown): ParsedEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'a schedule must be a JSON object' };
  const v = value as Record<string, unknown>;
  if (typeof v.Schedule !== 'string') return { ok: false, error: 'Schedule is required' };
  const problem = cronError(v.Schedule);
  if (problem) return { ok: false, error: `Schedule '${v.Schedule}' is invalid: ${problem}` };
  const strings = (x: unknown) => (Array.isArray(x) && x.every((s) => typeof s === 'string') ? (x as string[]) : null);
  if (v.Args != null && strings(v.Args) === null) return { ok: false, error: 'Args must be an array of strings' };
  if (v.DependsOn != null && strings(v.DependsOn) === null) return { ok: false, error: 'DependsOn must be an array of strings' };
  return {
    ok: true,
    entry: {
      Schedule: v.Schedule,
      Args: strings(v.Args),
      Image: typeof v.Image === 'string' ? v.Image : '',
      BackoffLimit: Number.isInteger(v.BackoffLimit) ? (v.BackoffLimit as number) : 1,
      TtlSecondsAfterFinished: Number.isInteger(v.TtlSecondsAfterFinished) ? (v.TtlSecondsAfterFinished as number) : 60,
      RestartPolicy: typeof v.RestartPolicy === 'string' ? v.RestartPolicy : 'Never',
      Resources: typeof v.Resources === 'object' && v.Resources !== null ? (v.Resources as JobRequest['Resources']) : null,
      Environments: Array.isArray(v.Environments) ? (v.Environments as JobEnvironmentEntry[]) : null,
      DependsOn: strings(v.DependsOn),
    },
  };
}

/** A JSON array of entries (configuration `Schedules`, `SlimFaas/Schedules`); `[]`/blank → none. */
export function parseScheduleList(json: string): { ok: true; entries: ScheduleEntry[] } | { ok: false; error: string } {
  if (json.trim() === '') return { ok: true, entries: [] };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  if (!Array.isArray(value)) return { ok: false, error: 'must be a JSON array' };
  const entries: ScheduleEntry[] = [];
  for (const [index, item] of value.entries()) {
    const parsed = parseScheduleEntry(item);
    if (!parsed.ok) return { ok: false, error: `[${index}]: ${parsed.error}` };
    entries.push(parsed.entry);
  }
  return { ok: true, entries };
}

/** Deterministic id of a static schedule: 8 lowercase hex characters of its content hash. */
export function staticScheduleId(entry: ScheduleEntry): string {
  return createHash('sha256').update(JSON.stringify(entry)).digest('hex').slice(0, 8);
}

/** The echo form: `Id` first, null fields omitted, `DependsOn` always present. */
export function echoEntry(id: string, entry: ScheduleEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { Id: id };
  for (const [key, value] of Object.entries(entry)) if (value !== null && key !== 'DependsOn') out[key] = value;
  out.DependsOn = entry.DependsOn ?? [];
  return out;
}

/** The trigger a schedule makes (the definition's BackoffLimit/TTL/RestartPolicy apply, as for triggers). */
export function requestOf(entry: ScheduleEntry): JobRequest {
  return { Args: entry.Args, Image: entry.Image, Resources: entry.Resources, Environments: entry.Environments, DependsOn: entry.DependsOn };
}
