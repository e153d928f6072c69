/**
 * Turns a workload's pod-template annotations into a fully defaulted `FunctionConfig` exactly as
 * functions.md §2 (and autoscaling.md §1.1/§3.1) prescribe, or names the first invalid annotation.
 */

import type {
  FunctionConfig,
  HttpPolicy,
  ParseResult,
  ScaleConfig,
  ScalePolicy,
  ScaleTrigger,
  ScheduleConfig,
  ScaleDownTimeoutEntry,
  SlimFaasConfiguration,
  Trust,
  Visibility,
  VisibilityEntry,
} from './function-config.js';

/** Annotation keys (exact, case-sensitive). */
export const ANNOTATIONS = {
  Function: 'SlimFaas/Function',
  ReplicasMin: 'SlimFaas/ReplicasMin',
  ReplicasAtStart: 'SlimFaas/ReplicasAtStart',
  TimeoutSecondBeforeSetReplicasMin: 'SlimFaas/TimeoutSecondBeforeSetReplicasMin',
  NumberParallelRequest: 'SlimFaas/NumberParallelRequest',
  NumberParallelRequestPerPod: 'SlimFaas/NumberParallelRequestPerPod',
  ReplicasStartAsSoonAsOneFunctionRetrieveARequest:
    'SlimFaas/ReplicasStartAsSoonAsOneFunctionRetrieveARequest',
  DependsOn: 'SlimFaas/DependsOn',
  SubscribeEvents: 'SlimFaas/SubscribeEvents',
  DefaultVisibility: 'SlimFaas/DefaultVisibility',
  PathsStartWithVisibility: 'SlimFaas/PathsStartWithVisibility',
  DefaultTrust: 'SlimFaas/DefaultTrust',
  /** Documentation spelling, accepted as an alias of `DefaultTrust` (which wins when both are set). */
  DefaultTrusted: 'SlimFaas/DefaultTrusted',
  Configuration: 'SlimFaas/Configuration',
  Schedule: 'SlimFaas/Schedule',
  Scale: 'SlimFaas/Scale',
} as const;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
export const SCRAPE_INTERVAL_MIN_MS = 1000;
export const SCRAPE_INTERVAL_MAX_MS = 300000;

/** Thrown internally; converted into `{ ok: false, error }` by `parseFunctionAnnotations`. */
class AnnotationError extends Error {}

const got = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** `SlimFaas/Function` equals `true`, case-insensitively (surrounding whitespace tolerated). */
export function isFunction(annotations: Record<string, string>): boolean {
  const raw = annotations[ANNOTATIONS.Function];
  return typeof raw === 'string' && raw.trim().toLowerCase() === 'true';
}

/** Present and not blank, else undefined (present-but-blank = absent). */
function present(annotations: Record<string, string>, key: string): string | undefined {
  const raw = annotations[key];
  return typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
}

function parseIntAnnotation(
  annotations: Record<string, string>,
  key: string,
  defaultValue: number,
  minimum: number,
): number {
  const raw = present(annotations, key);
  if (raw === undefined) return defaultValue;
  const text = raw.trim();
  const value = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value > INT32_MAX || value < minimum) {
    throw new AnnotationError(`${key} must be an integer >= ${minimum} (got ${got(raw)})`);
  }
  return value === 0 ? 0 : value; // "-0" ⇒ 0
}

function parseBoolAnnotation(annotations: Record<string, string>, key: string, defaultValue: boolean): boolean {
  const raw = present(annotations, key);
  if (raw === undefined) return defaultValue;
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new AnnotationError(`${key} must be true or false (got ${got(raw)})`);
}

/** Case-insensitive enum name (surrounding whitespace tolerated); numeric forms are rejected. */
function matchEnum<T extends string>(text: string, names: readonly T[]): T | undefined {
  const lower = text.trim().toLowerCase();
  return names.find((name) => name.toLowerCase() === lower);
}

function parseEnumAnnotation<T extends string>(
  annotations: Record<string, string>,
  key: string,
  names: readonly T[],
  defaultValue: T,
): T {
  const raw = present(annotations, key);
  if (raw === undefined) return defaultValue;
  const value = matchEnum(raw, names);
  if (value === undefined) {
    throw new AnnotationError(`${key} must be one of ${names.join(', ')} (got ${got(raw)})`);
  }
  return value;
}

const VISIBILITIES = ['Public', 'Private'] as const;
const TRUSTS = ['Trusted', 'Untrusted'] as const;

function splitCsv(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
}

/** The 4-step visibility-list algorithm of functions.md §2. */
export function parseVisibilityList(raw: string | undefined, listDefault: Visibility): VisibilityEntry[] {
  const entries: VisibilityEntry[] = [];
  for (const token of splitCsv(raw)) {
    let value = token;
    let visibility = listDefault;
    const separator = token.indexOf(':');
    if (separator > 0) {
      visibility = matchEnum(token.slice(0, separator), VISIBILITIES) ?? listDefault;
      value = token.slice(separator + 1).trim();
    }
    if (value !== '') entries.push({ value, visibility });
  }
  return entries;
}

/** Removes whitespace outside JSON string literals (so YAML folded/multi-line values work). */
export function minifyJson(input: string): string {
  let out = '';
  let inString = false;
  let escapeNext = false;
  for (const c of input) {
    if (inString) {
      out += c;
      if (escapeNext) escapeNext = false;
      else if (c === '\\') escapeNext = true;
      else if (c === '"') inString = false;
    } else if (!/\s/u.test(c)) {
      out += c;
      if (c === '"') inString = true;
    }
  }
  return out;
}

/** Minified + parsed JSON of a present annotation; `undefined` when absent/blank. */
function parseJsonAnnotation(annotations: Record<string, string>, key: string): unknown {
  const raw = present(annotations, key);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(minifyJson(raw)) as unknown;
  } catch (error) {
    throw new AnnotationError(`${key} is not valid JSON: ${(error as Error).message}`);
  }
}

// ---- typed JSON readers (exact, case-sensitive property names; wrong type ⇒ invalid) ----

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const has = (obj: JsonObject, prop: string): boolean => Object.prototype.hasOwnProperty.call(obj, prop);

class JsonReader {
  constructor(private readonly key: string) {}

  fail(path: string, expected: string, value: unknown): never {
    throw new AnnotationError(`${this.key}: ${path} must be ${expected} (got ${got(value)})`);
  }

  /** Root or section: absent/null ⇒ undefined; object ⇒ object; anything else invalid. */
  optionalObject(value: unknown, path: string): JsonObject | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) this.fail(path, 'an object', value);
    return value;
  }

  int(obj: JsonObject, prop: string, path: string, defaultValue: number): number {
    if (!has(obj, prop)) return defaultValue;
    return this.intValue(obj[prop], `${path}${prop}`);
  }

  intValue(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      this.fail(path, 'an integer', value);
    }
    return value;
  }

  nullableInt(obj: JsonObject, prop: string, path: string): number | null {
    if (!has(obj, prop) || obj[prop] === null) return null;
    return this.intValue(obj[prop], `${path}${prop}`);
  }

  number(obj: JsonObject, prop: string, path: string, defaultValue: number): number {
    if (!has(obj, prop)) return defaultValue;
    const value = obj[prop];
    if (typeof value !== 'number') this.fail(`${path}${prop}`, 'a number', value);
    return value;
  }

  /** Absent or null ⇒ default (a .NET `string` property accepts null). */
  string(obj: JsonObject, prop: string, path: string, defaultValue: string): string {
    if (!has(obj, prop) || obj[prop] === null) return defaultValue;
    const value = obj[prop];
    if (typeof value !== 'string') this.fail(`${path}${prop}`, 'a string', value);
    return value;
  }

  /** Absent or null ⇒ undefined; otherwise must be an array. */
  optionalArray(obj: JsonObject, prop: string, path: string): unknown[] | undefined {
    if (!has(obj, prop) || obj[prop] === null) return undefined;
    const value = obj[prop];
    if (!Array.isArray(value)) this.fail(`${path}${prop}`, 'an array', value);
    return value;
  }

  intList(obj: JsonObject, prop: string, path: string, defaultValue: number[]): number[] {
    const list = this.optionalArray(obj, prop, path);
    if (list === undefined) return [...defaultValue];
    return list.map((item, i) => this.intValue(item, `${path}${prop}[${i}]`));
  }

  /** Enum as a case-insensitive name, or (as upstream's JSON converter allows) its integer ordinal. */
  enumValue<T extends string>(obj: JsonObject, prop: string, path: string, names: readonly T[], defaultValue: T): T {
    if (!has(obj, prop)) return defaultValue;
    const value = obj[prop];
    const parsed =
      typeof value === 'string'
        ? matchEnum(value, names)
        : typeof value === 'number' && Number.isInteger(value)
          ? names[value]
          : undefined;
    if (parsed === undefined) this.fail(`${path}${prop}`, `one of ${names.join(', ')}`, value);
    return parsed;
  }
}

// ---- SlimFaas/Configuration (§2.1) ----

const DEFAULT_HTTP_TIMEOUT = 120;
const DEFAULT_TIMEOUT_RETRIES = [2, 4, 8];
const DEFAULT_HTTP_STATUS_RETRIES = [500, 502, 503];
/** `DefaultSync.MaxPendingWhileWaking` (beyond upstream): sync calls that may wait per node for a function with no ready replica. */
export const DEFAULT_MAX_PENDING_WHILE_WAKING = 1000;

export function defaultHttpPolicy(): HttpPolicy {
  return {
    HttpTimeout: DEFAULT_HTTP_TIMEOUT,
    TimeoutRetries: [...DEFAULT_TIMEOUT_RETRIES],
    HttpStatusRetries: [...DEFAULT_HTTP_STATUS_RETRIES],
  };
}

export function defaultConfiguration(): SlimFaasConfiguration {
  return {
    DefaultSync: { HttpTimeout: DEFAULT_HTTP_TIMEOUT },
    DefaultAsync: defaultHttpPolicy(),
    DefaultPublish: defaultHttpPolicy(),
  };
}

function parseConfiguration(annotations: Record<string, string>): SlimFaasConfiguration {
  const r: JsonReader = new JsonReader(ANNOTATIONS.Configuration);
  const root = r.optionalObject(parseJsonAnnotation(annotations, ANNOTATIONS.Configuration), 'the document');
  if (root === undefined) return defaultConfiguration();

  const sync = r.optionalObject(root.DefaultSync, 'DefaultSync');
  const policy = (name: 'DefaultAsync' | 'DefaultPublish'): HttpPolicy => {
    const section = r.optionalObject(root[name], name);
    if (section === undefined) return defaultHttpPolicy();
    const path = `${name}.`;
    const parsed: HttpPolicy = {
      HttpTimeout: r.int(section, 'HttpTimeout', path, DEFAULT_HTTP_TIMEOUT),
      TimeoutRetries: r.intList(section, 'TimeoutRetries', path, DEFAULT_TIMEOUT_RETRIES),
      HttpStatusRetries: r.intList(section, 'HttpStatusRetries', path, DEFAULT_HTTP_STATUS_RETRIES),
    };
    // Async results (beyond upstream): kept only when given, so the upstream shape stays as it was.
    if (name === 'DefaultAsync') {
      for (const prop of ['ResultTtlSeconds', 'ResultMaxBytes', 'DeadLetterTtlSeconds', 'DeadLetterMaxItems'] as const) {
        if (!has(section, prop) || section[prop] === null) continue;
        const value = r.int(section, prop, path, 0);
        if (value < 0) r.fail(`${path}${prop}`, 'a non-negative integer', value);
        parsed[prop] = value;
      }
    }
    return parsed;
  };
  return {
    DefaultSync: sync === undefined ? { HttpTimeout: DEFAULT_HTTP_TIMEOUT } : syncPolicy(r, sync),
    DefaultAsync: policy('DefaultAsync'),
    DefaultPublish: policy('DefaultPublish'),
  };
}

/** `DefaultSync`; `MaxPendingWhileWaking` is kept only when given (absent or null ⇒ default), so the upstream shape stays as it was. */
function syncPolicy(r: JsonReader, sync: JsonObject): SlimFaasConfiguration['DefaultSync'] {
  const parsed: SlimFaasConfiguration['DefaultSync'] = { HttpTimeout: r.int(sync, 'HttpTimeout', 'DefaultSync.', DEFAULT_HTTP_TIMEOUT) };
  if (has(sync, 'MaxPendingWhileWaking') && sync.MaxPendingWhileWaking !== null) {
    const value = r.int(sync, 'MaxPendingWhileWaking', 'DefaultSync.', DEFAULT_MAX_PENDING_WHILE_WAKING);
    if (value < 0) r.fail('DefaultSync.MaxPendingWhileWaking', 'a non-negative integer', value);
    parsed.MaxPendingWhileWaking = value;
  }
  return parsed;
}

/** The effective cap of sync calls waiting for a wake (per node, per function). */
export function maxPendingWhileWaking(configuration: SlimFaasConfiguration): number {
  return configuration.DefaultSync.MaxPendingWhileWaking ?? DEFAULT_MAX_PENDING_WHILE_WAKING;
}

// ---- SlimFaas/Schedule (§2.2) ----

export function defaultSchedule(): ScheduleConfig {
  return { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [] } };
}

/**
 * Malformed `HH:mm` values are kept (the scheduler ignores them); `null` list items and `null`
 * times are dropped (upstream treats them as malformed entries). A `null` `TimeZoneID` becomes
 * `''`, an unknown zone, so the scheduler ignores that function's schedule.
 */
function parseSchedule(annotations: Record<string, string>): ScheduleConfig {
  const r: JsonReader = new JsonReader(ANNOTATIONS.Schedule);
  const root = r.optionalObject(parseJsonAnnotation(annotations, ANNOTATIONS.Schedule), 'the document');
  if (root === undefined) return defaultSchedule();

  let timeZone = 'GB';
  if (has(root, 'TimeZoneID')) {
    const value = root.TimeZoneID;
    if (value === null) timeZone = '';
    else if (typeof value === 'string') timeZone = value;
    else r.fail('TimeZoneID', 'a string', value);
  }

  if (has(root, 'Default') && root.Default === null) return { TimeZoneID: timeZone, Default: null };
  const section = r.optionalObject(root.Default, 'Default');
  if (section === undefined) return { TimeZoneID: timeZone, Default: { WakeUp: [], ScaleDownTimeout: [] } };

  const wakeUp: string[] = [];
  (r.optionalArray(section, 'WakeUp', 'Default.') ?? []).forEach((item, i) => {
    if (item === null) return;
    if (typeof item !== 'string') r.fail(`Default.WakeUp[${i}]`, 'a string', item);
    wakeUp.push(item);
  });

  const scaleDown: ScaleDownTimeoutEntry[] = [];
  (r.optionalArray(section, 'ScaleDownTimeout', 'Default.') ?? []).forEach((item, i) => {
    if (item === null) return;
    const path = `Default.ScaleDownTimeout[${i}].`;
    const entry = r.optionalObject(item, `Default.ScaleDownTimeout[${i}]`) as JsonObject;
    if (has(entry, 'Time') && entry.Time === null) return;
    scaleDown.push({ Time: r.string(entry, 'Time', path, '00:00'), Value: r.int(entry, 'Value', path, 0) });
  });

  return { TimeZoneID: timeZone, Default: { WakeUp: wakeUp, ScaleDownTimeout: scaleDown } };
}

// ---- SlimFaas/Scale (§2.3, autoscaling.md §3.1) ----

const METRIC_TYPES = ['AverageValue', 'Value'] as const;
const POLICY_TYPES = ['Percent', 'Pods'] as const;

export function defaultScaleUp(): ScaleConfig['Behavior']['ScaleUp'] {
  return {
    StabilizationWindowSeconds: 0,
    Policies: [
      { Type: 'Percent', Value: 100, PeriodSeconds: 15 },
      { Type: 'Pods', Value: 4, PeriodSeconds: 15 },
    ],
  };
}

export function defaultScaleDown(): ScaleConfig['Behavior']['ScaleDown'] {
  return { StabilizationWindowSeconds: 300, Policies: [{ Type: 'Percent', Value: 100, PeriodSeconds: 15 }] };
}

function parseScale(annotations: Record<string, string>): ScaleConfig | null {
  const r: JsonReader = new JsonReader(ANNOTATIONS.Scale);
  const root = r.optionalObject(parseJsonAnnotation(annotations, ANNOTATIONS.Scale), 'the document');
  if (root === undefined) return null;

  const replicaMax = r.nullableInt(root, 'ReplicaMax', '');
  const scrape = r.nullableInt(root, 'ScrapeIntervalMilliseconds', '');
  if (scrape !== null && (scrape < SCRAPE_INTERVAL_MIN_MS || scrape > SCRAPE_INTERVAL_MAX_MS)) {
    r.fail('ScrapeIntervalMilliseconds', `between ${SCRAPE_INTERVAL_MIN_MS} and ${SCRAPE_INTERVAL_MAX_MS}`, scrape);
  }

  const triggers: ScaleTrigger[] = (r.optionalArray(root, 'Triggers', '') ?? []).map((item, i) => {
    const path = `Triggers[${i}].`;
    if (!isObject(item)) r.fail(`Triggers[${i}]`, 'an object', item);
    return {
      MetricType: r.enumValue(item, 'MetricType', path, METRIC_TYPES, 'AverageValue'),
      MetricName: r.string(item, 'MetricName', path, ''),
      Query: r.string(item, 'Query', path, ''),
      Threshold: r.number(item, 'Threshold', path, 0),
    };
  });

  const behavior = r.optionalObject(root.Behavior, 'Behavior');
  const direction = (name: 'ScaleUp' | 'ScaleDown') => {
    const fallback = name === 'ScaleUp' ? defaultScaleUp() : defaultScaleDown();
    const section = behavior === undefined ? undefined : r.optionalObject(behavior[name], `Behavior.${name}`);
    if (section === undefined) return fallback;
    const path = `Behavior.${name}.`;
    const policies: ScalePolicy[] = (r.optionalArray(section, 'Policies', path) ?? []).map((item, i) => {
      const itemPath = `${path}Policies[${i}]`;
      if (!isObject(item)) r.fail(itemPath, 'an object', item);
      return {
        Type: r.enumValue(item, 'Type', `${itemPath}.`, POLICY_TYPES, 'Percent'),
        Value: r.int(item, 'Value', `${itemPath}.`, 100),
        PeriodSeconds: r.int(item, 'PeriodSeconds', `${itemPath}.`, 15),
      };
    });
    return {
      StabilizationWindowSeconds: r.int(section, 'StabilizationWindowSeconds', path, 0),
      Policies: policies.length > 0 ? policies : fallback.Policies,
    };
  };

  return {
    ReplicaMax: replicaMax,
    ScrapeIntervalMilliseconds: scrape,
    Triggers: triggers,
    Behavior: { ScaleUp: direction('ScaleUp'), ScaleDown: direction('ScaleDown') },
  };
}

// ---- entry point ----

/**
 * Parses every SlimFaas annotation of functions.md §2. Does not check `SlimFaas/Function` (use
 * `isFunction`). `SlimFaas/ExcludeDeploymentsFromVisibilityPrivate` and unknown keys are ignored.
 */
export function parseFunctionAnnotations(annotations: Record<string, string>): ParseResult<FunctionConfig> {
  try {
    const defaultVisibility = parseEnumAnnotation(annotations, ANNOTATIONS.DefaultVisibility, VISIBILITIES, 'Public');
    const trustKey =
      present(annotations, ANNOTATIONS.DefaultTrust) !== undefined ? ANNOTATIONS.DefaultTrust : ANNOTATIONS.DefaultTrusted;
    const value: FunctionConfig = {
      replicasMin: parseIntAnnotation(annotations, ANNOTATIONS.ReplicasMin, 0, 0),
      replicasAtStart: parseIntAnnotation(annotations, ANNOTATIONS.ReplicasAtStart, 1, 0),
      timeoutSecondBeforeSetReplicasMin: parseIntAnnotation(annotations, ANNOTATIONS.TimeoutSecondBeforeSetReplicasMin, 300, 0),
      numberParallelRequest: parseIntAnnotation(annotations, ANNOTATIONS.NumberParallelRequest, 10, 1),
      numberParallelRequestPerPod: parseIntAnnotation(annotations, ANNOTATIONS.NumberParallelRequestPerPod, 10, 1),
      replicasStartAsSoonAsOneFunctionRetrieveARequest: parseBoolAnnotation(
        annotations,
        ANNOTATIONS.ReplicasStartAsSoonAsOneFunctionRetrieveARequest,
        false,
      ),
      dependsOn: splitCsv(present(annotations, ANNOTATIONS.DependsOn)),
      subscribeEvents: parseVisibilityList(present(annotations, ANNOTATIONS.SubscribeEvents), defaultVisibility),
      defaultVisibility,
      pathsStartWithVisibility: parseVisibilityList(present(annotations, ANNOTATIONS.PathsStartWithVisibility), 'Public'),
      defaultTrust: parseEnumAnnotation<Trust>(annotations, trustKey, TRUSTS, 'Trusted'),
      configuration: parseConfiguration(annotations),
      schedule: parseSchedule(annotations),
      scale: parseScale(annotations),
    };
    return { ok: true, value };
  } catch (error) {
    if (error instanceof AnnotationError) return { ok: false, error: error.message };
    throw error;
  }
}
