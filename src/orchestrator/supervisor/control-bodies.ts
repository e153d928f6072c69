/**
 * Request bodies of the supervisor control API, checked before they reach the orchestrator:
 * `{"replicas": N}` for scaling and a complete `JobRunSpec` for job creation. Pure; a refusal names
 * the first offending field.
 */
import type { JobRunSpec } from '../jobs.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

function parseJson(text: string): Parsed<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('The body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('The body must be a JSON object.');
  return { ok: true, value: value as Record<string, unknown> };
}

export function parseScaleBody(text: string): Parsed<number> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const replicas = parsed.value.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) return fail("'replicas' must be a non-negative integer.");
  return { ok: true, value: replicas };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const RUN_FIELDS: Array<[keyof JobRunSpec, (v: unknown) => boolean, string]> = [
  ['name', isString, 'a string'],
  ['definition', isString, 'a string'],
  ['elementId', isString, 'a string'],
  ['image', isString, 'a string'],
  ['args', (v) => v === null || isStringList(v), 'null or a list of strings'],
  ['environment', (v) => Array.isArray(v) && v.every((e) => isRecord(e) && isString(e.Name)), 'a list of {Name, Value…} entries'],
  ['resources', (v) => isRecord(v) && isRecord(v.Requests) && isRecord(v.Limits), 'an object with Requests and Limits'],
  ['dependsOn', (v) => v === null || isStringList(v), 'null or a list of strings'],
  ['backoffLimit', isCount, 'a non-negative integer'],
  ['ttlSecondsAfterFinished', isCount, 'a non-negative integer'],
  ['restartPolicy', isString, 'a string'],
  ['inQueueTicks', isString, 'a string'],
  ['startTicks', isString, 'a string'],
];

export function parseJobRunBody(text: string): Parsed<JobRunSpec> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  for (const [field, check, expected] of RUN_FIELDS) {
    if (!check(parsed.value[field])) return fail(`'${field}' must be ${expected}.`);
  }
  return { ok: true, value: parsed.value as unknown as JobRunSpec };
}
