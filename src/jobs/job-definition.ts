/**
 * The job catalogue (jobs.md §2): `SlimFaas__JobsConfiguration` (strict JSON, whitespace outside
 * strings removed), the built-in `Default`, and definitions the orchestrator declares (manifest
 * `jobs:`, CronJobs, containers), merged with the declared ones winning. Names are lower case
 * throughout (decision 9), so `Default` runs really launch. Pure.
 */
import type { DeclaredJobDefinition, JobEnvironmentEntry, JobResources } from '../orchestrator/jobs.js';
import { parseScheduleList, type ScheduleEntry } from './schedule-entry.js';

/** A catalogue entry: what a backend declares, with resources always filled in. */
export type JobDefinition = Omit<DeclaredJobDefinition, 'name' | 'schedules' | 'Resources'> & { Resources: JobResources };

export interface JobCatalogue {
  /** Lower-case name → definition, in catalogue order (`default` always present). */
  definitions: Map<string, JobDefinition>;
  /** Static schedules (configuration `Schedules`, `SlimFaas/Schedules`) by definition name. */
  schedules: Map<string, ScheduleEntry[]>;
  /** Problems met while building (logged by the caller). */
  warnings: string[];
}

export const DEFAULT_JOB = 'default';
const DEFAULT_RESOURCE_MAP = (): Record<string, string> => ({ cpu: '100m', memory: '100Mi' });

export function isPrivate(definition: JobDefinition): boolean {
  return definition.Visibility === 'Private';
}

/** Removes every whitespace character outside JSON string literals (jobs.md §2.2). */
export function minifyJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

function resources(value: unknown): JobResources | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as { Requests?: unknown; Limits?: unknown };
  const map = (m: unknown) => (typeof m === 'object' && m !== null ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])) : DEFAULT_RESOURCE_MAP());
  return { Requests: map(r.Requests), Limits: map(r.Limits) };
}

const stringList = (value: unknown): string[] | null => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null);
const int = (value: unknown, fallback: number): number => (Number.isInteger(value) ? (value as number) : fallback);

/** One definition of the JSON document; `Resources` falls back to 100m/100Mi (the spec's SHOULD). */
export function definitionFromJson(value: Record<string, unknown>): JobDefinition {
  return {
    Image: typeof value.Image === 'string' ? value.Image : '',
    ImagesWhitelist: stringList(value.ImagesWhitelist) ?? [],
    Resources: resources(value.Resources) ?? { Requests: DEFAULT_RESOURCE_MAP(), Limits: DEFAULT_RESOURCE_MAP() },
    DependsOn: stringList(value.DependsOn),
    Environments: Array.isArray(value.Environments) ? (value.Environments.filter((e) => typeof e === 'object' && e !== null && typeof (e as JobEnvironmentEntry).Name === 'string') as JobEnvironmentEntry[]) : null,
    BackoffLimit: int(value.BackoffLimit, 1),
    Visibility: typeof value.Visibility === 'string' ? value.Visibility : 'Private',
    NumberParallelJob: int(value.NumberParallelJob, 1),
    TtlSecondsAfterFinished: int(value.TtlSecondsAfterFinished, 60),
    RestartPolicy: typeof value.RestartPolicy === 'string' ? value.RestartPolicy : 'Never',
  };
}

function defaultDefinition(): JobDefinition {
  return definitionFromJson({ Image: '', ImagesWhitelist: [] });
}

/** The start-up catalogue from `SlimFaas__JobsConfiguration` (null/blank/invalid → only `default`). */
export function catalogueFromConfiguration(json: string | null | undefined): JobCatalogue {
  const catalogue: JobCatalogue = { definitions: new Map(), schedules: new Map(), warnings: [] };
  if (json && json.trim() !== '') {
    try {
      const document = JSON.parse(minifyJson(json)) as { Configurations?: Record<string, unknown>; Schedules?: Record<string, unknown> };
      if (typeof document !== 'object' || document === null) throw new Error('the document must be a JSON object');
      for (const [name, value] of Object.entries(document.Configurations ?? {})) {
        if (typeof value === 'object' && value !== null) catalogue.definitions.set(name.toLowerCase(), definitionFromJson(value as Record<string, unknown>));
      }
      for (const [name, list] of Object.entries(document.Schedules ?? {})) {
        const parsed = parseScheduleList(JSON.stringify(list));
        if (parsed.ok) catalogue.schedules.set(name.toLowerCase(), parsed.entries);
        else catalogue.warnings.push(`SlimFaas:JobsConfiguration Schedules.${name}: ${parsed.error}`);
      }
    } catch (error) {
      catalogue.definitions.clear();
      catalogue.schedules.clear();
      catalogue.warnings.push(`SlimFaas:JobsConfiguration is invalid and ignored: ${(error as Error).message}`);
    }
  }
  if (!catalogue.definitions.has(DEFAULT_JOB)) catalogue.definitions.set(DEFAULT_JOB, defaultDefinition());
  return catalogue;
}

/**
 * The start-up catalogue overlaid with the orchestrator's declared definitions (same name: the
 * declared one wins, its schedules replace; a declared `default` is skipped). Null declared
 * (listing failed) keeps `previous`.
 */
export function mergeCatalogue(base: JobCatalogue, declared: DeclaredJobDefinition[] | null, previous: JobCatalogue): JobCatalogue {
  if (declared === null) return previous;
  const definitions = new Map(base.definitions);
  const schedules = new Map(base.schedules);
  const warnings: string[] = [];
  for (const d of declared) {
    const name = d.name.toLowerCase();
    if (name === DEFAULT_JOB) continue;
    definitions.set(name, {
      Image: d.Image,
      ImagesWhitelist: d.ImagesWhitelist.includes(d.Image) ? d.ImagesWhitelist : [...d.ImagesWhitelist, d.Image],
      Resources: d.Resources ?? { Requests: DEFAULT_RESOURCE_MAP(), Limits: DEFAULT_RESOURCE_MAP() },
      DependsOn: d.DependsOn,
      Environments: d.Environments,
      BackoffLimit: d.BackoffLimit,
      Visibility: d.Visibility,
      NumberParallelJob: d.NumberParallelJob,
      TtlSecondsAfterFinished: d.TtlSecondsAfterFinished,
      RestartPolicy: d.RestartPolicy,
    });
    if (d.schedules.trim() === '') {
      schedules.delete(name);
      continue;
    }
    const parsed = parseScheduleList(d.schedules);
    if (parsed.ok) schedules.set(name, parsed.entries);
    else {
      schedules.delete(name);
      warnings.push(`SlimFaas/Schedules of job ${d.name}: ${parsed.error}`);
    }
  }
  return { definitions, schedules, warnings };
}

/** The definition of a (lower-cased) name, falling back to `default` (jobs.md §2.4). */
export function resolveDefinition(catalogue: JobCatalogue, name: string): { name: string; definition: JobDefinition } {
  const found = catalogue.definitions.get(name);
  if (found) return { name, definition: found };
  return { name: DEFAULT_JOB, definition: catalogue.definitions.get(DEFAULT_JOB)! };
}
