/**
 * `SlimFaas:RateLimiting:*` (platform.md §3.8, §4.1): off unless `Enabled` is true; when enabled,
 * thresholds within 0–100 with low < high and a sample interval ≥ 100 ms, or an Error naming the key.
 */

export interface RateLimitSettings {
  readonly enabled: boolean;
  /** Usage (% of the whole machine) at or above which the node starts rejecting. */
  readonly cpuHighThreshold: number;
  /** Usage at or below which it stops rejecting. */
  readonly cpuLowThreshold: number;
  readonly sampleIntervalMs: number;
  /** `Retry-After` of the 429; null = no header (a blank value). */
  readonly retryAfterSeconds: number | null;
  /** Exact paths never limited, lower-cased (compared case-insensitively). */
  readonly excludedPaths: readonly string[];
}

const PREFIX = 'SlimFaas:RateLimiting:';
const MAX_DELAY_MS = 2_147_483_647;

/** The shipped values (appsettings.json), which are the effective defaults. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = Object.freeze({
  enabled: false,
  cpuHighThreshold: 80,
  cpuLowThreshold: 60,
  sampleIntervalMs: 1000,
  retryAfterSeconds: 5,
  excludedPaths: Object.freeze(['/health', '/metrics', '/ready']),
});

function invalid(name: string, expected: string, raw: string): never {
  const key = PREFIX + name;
  throw new Error(`Invalid configuration ${key} (${key.replace(/:/g, '__')}): expected ${expected} (got ${JSON.stringify(raw)})`);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/**
 * Reads the group from `section`: the raw values under `SlimFaas:RateLimiting`, keyed by the
 * lower-cased rest of the key (`cpuhighthreshold`, `excludedpaths:0`…; blank values included).
 * `ExcludedPaths` indices are merged by index over the shipped list, as .NET binds arrays; a plain
 * comma-separated `ExcludedPaths` value replaces the list.
 */
export function readRateLimitSettings(section: ReadonlyMap<string, string>): RateLimitSettings {
  const raw = (name: string): string | undefined => section.get(name.toLowerCase());
  const given = (name: string): string | undefined => {
    const value = raw(name);
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const enabledRaw = given('Enabled');
  const enabledText = enabledRaw?.trim().toLowerCase();
  if (enabledText !== undefined && enabledText !== 'true' && enabledText !== 'false') invalid('Enabled', 'true or false', enabledRaw!);
  if (enabledText !== 'true') return DEFAULT_RATE_LIMIT;

  const percent = (name: string, fallback: number): number => {
    const text = given(name);
    if (text === undefined) return fallback;
    const value = NUMBER.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!(value >= 0 && value <= 100)) return invalid(name, 'a number between 0 and 100', text);
    return value;
  };
  const integer = (name: string, min: number, max: number, text: string): number => {
    const value = INTEGER.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) return invalid(name, `an integer between ${min} and ${max}`, text);
    return value === 0 ? 0 : value;
  };

  const high = percent('CpuHighThreshold', DEFAULT_RATE_LIMIT.cpuHighThreshold);
  const low = percent('CpuLowThreshold', DEFAULT_RATE_LIMIT.cpuLowThreshold);
  if (!(low < high)) invalid('CpuLowThreshold', `a value below CpuHighThreshold (${high})`, String(low));
  const interval = given('SampleIntervalMs');
  const retry = raw('RetryAfterSeconds');
  return Object.freeze({
    enabled: true,
    cpuHighThreshold: high,
    cpuLowThreshold: low,
    sampleIntervalMs: interval === undefined ? DEFAULT_RATE_LIMIT.sampleIntervalMs : integer('SampleIntervalMs', 100, MAX_DELAY_MS, interval),
    retryAfterSeconds:
      retry === undefined ? DEFAULT_RATE_LIMIT.retryAfterSeconds : retry.trim() === '' ? null : integer('RetryAfterSeconds', 0, 2_147_483_647, retry),
    excludedPaths: Object.freeze(excludedPaths(section)),
  });
}

function excludedPaths(section: ReadonlyMap<string, string>): string[] {
  const byIndex = new Map<number, string>(DEFAULT_RATE_LIMIT.excludedPaths.map((p, i) => [i, p]));
  let indexed = false;
  for (const [key, value] of section) {
    const match = /^excludedpaths:(\d+)$/.exec(key);
    if (!match) continue;
    indexed = true;
    byIndex.set(Number(match[1]), value.trim());
  }
  const scalar = section.get('excludedpaths');
  const list =
    !indexed && scalar !== undefined && scalar.trim() !== ''
      ? scalar.split(',').map((p) => p.trim())
      : [...byIndex].sort(([a], [b]) => a - b).map(([, p]) => p);
  return list.filter((p) => p !== '').map((p) => p.toLowerCase());
}
