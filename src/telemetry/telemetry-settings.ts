/**
 * `OpenTelemetry:*` (platform.md §3.9, §5): the switch, endpoint, service name, console exporter
 * and excluded URL prefixes with their shipped defaults; and the case-insensitive prefix match
 * deciding which request paths get no server span. Imports nothing from OpenTelemetry.
 */

export interface OpenTelemetrySettings {
  /** `OpenTelemetry:Enable` (default false): when false nothing is loaded or registered. */
  readonly enable: boolean;
  /** `OpenTelemetry:Endpoint`: OTLP endpoint; '' = the SDK default (`OTEL_EXPORTER_OTLP_ENDPOINT`, else localhost). */
  readonly endpoint: string;
  /** `OpenTelemetry:ServiceName`: resource service name and tracer/meter name; '' = `OTEL_SERVICE_NAME`. */
  readonly serviceName: string;
  /** `OpenTelemetry:EnableConsoleExporter`: also print spans, metrics and logs to stdout. */
  readonly enableConsoleExporter: boolean;
  /** `OpenTelemetry:ExcludedUrls:N`: path prefixes (case-insensitive) that get no server span. */
  readonly excludedUrls: readonly string[];
}

/** The shipped `appsettings.json` exclusions (used when the list is not configured). */
export const DEFAULT_EXCLUDED_URLS: readonly string[] = Object.freeze([
  '/health', '/metrics', '/ready', '/SlimData', '/status-functions', '/cluster-consensus', '/wake-function',
]);

const PREFIX = 'OpenTelemetry:';

function readBool(get: (key: string) => string | undefined, name: string, fallback: boolean): boolean {
  const raw = get(PREFIX + name);
  if (raw === undefined) return fallback;
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  const key = PREFIX + name;
  throw new Error(`Invalid configuration ${key} (${key.replace(/:/g, '__')}): expected true or false (got ${JSON.stringify(raw)})`);
}

/**
 * Reads the group through `get` (a key in `A:B:C` form; undefined when absent or blank) and
 * `list` (indexed children `key:0`, `key:1`… or a comma-separated scalar; undefined when absent).
 */
export function readOpenTelemetrySettings(
  get: (key: string) => string | undefined,
  list: (key: string) => string[] | undefined,
): OpenTelemetrySettings {
  const endpoint = get(PREFIX + 'Endpoint')?.trim() ?? '';
  if (endpoint !== '') {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(endpoint).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`Invalid configuration OpenTelemetry:Endpoint (OpenTelemetry__Endpoint): expected an absolute http(s) URL (got ${JSON.stringify(endpoint)})`);
  }
  return Object.freeze({
    enable: readBool(get, 'Enable', false),
    endpoint,
    serviceName: get(PREFIX + 'ServiceName')?.trim() ?? '',
    enableConsoleExporter: readBool(get, 'EnableConsoleExporter', false),
    excludedUrls: Object.freeze([...(list(PREFIX + 'ExcludedUrls') ?? DEFAULT_EXCLUDED_URLS)]),
  });
}

/** Whether `path` starts, ignoring case, with one of `excluded` (an empty list excludes nothing). */
export function isExcludedPath(path: string, excluded: readonly string[]): boolean {
  return excludedPathMatcher(excluded)(path);
}

/** Lower-cases the exclusions once so the request path compares without allocating per entry. */
export function excludedPathMatcher(excluded: readonly string[]): (path: string) => boolean {
  const prefixes = excluded.filter((p) => p !== '').map((p) => p.toLowerCase());
  if (prefixes.length === 0) return () => false;
  return (path) => {
    const lower = path.toLowerCase();
    return prefixes.some((p) => lower.startsWith(p));
  };
}
