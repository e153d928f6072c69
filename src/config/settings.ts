/**
 * Reads the node's settings from environment variables under upstream's configuration names
 * (`A__B__C` or `A:B:C`, keys case-insensitive as in .NET), applies the documented defaults and
 * returns a frozen object, or throws an Error naming the first invalid key.
 */

import { hostname as osHostname } from 'node:os';
import type { Visibility } from '../model/function-config.js';
import { parseCidrList, type Cidr } from '../gateway/trust.js';
import { readStatusStreamSettings, type StatusStreamSettings } from './status-stream-settings.js';
import { readRateLimitSettings, type RateLimitSettings } from '../ratelimit/rate-limit-settings.js';
import { readOpenTelemetrySettings, type OpenTelemetrySettings } from '../telemetry/telemetry-settings.js';

export type OrchestratorKind = 'Kubernetes' | 'Docker' | 'Process' | 'Local';
export type StoreKind = 'sqlite' | 'redis';
export type LogLevel = 'Trace' | 'Debug' | 'Information' | 'Warning' | 'Error' | 'Critical' | 'None';

export interface Settings {
  /** `HOSTNAME`: node identity. */
  readonly hostname: string;
  /** `SlimFaas:Orchestrator`; any unrecognised value means Kubernetes (platform.md §2.1). */
  readonly orchestrator: OrchestratorKind;
  readonly namespace: string;
  readonly baseFunctionUrl: string;
  readonly baseFunctionPodUrl: string;
  readonly allowUnsecureSsl: boolean;
  /** Raw `SlimFaas:CorsAllowOrigin`. */
  readonly corsAllowOrigin: string;
  /** `'*'` or the explicit origin list split from `corsAllowOrigin`. */
  readonly corsOrigins: '*' | readonly string[];
  readonly podScaledUpByDefaultWhenInfrastructureHasNeverCalled: boolean;
  /** 0 = no dedicated WebSocket listener. */
  readonly webSocketPort: number;
  readonly enableFront: boolean;
  /** `SlimFaas:StatusStream:*` (platform.md §3.7): the dashboard stream. */
  readonly statusStream: StatusStreamSettings;
  /** `SlimFaas:TrustedProxies`: the validated CIDR entries as written (frozen at run time). */
  readonly trustedProxies: string[];
  /** The same list, parsed (frozen at run time). */
  readonly trustedProxyCidrs: Cidr[];
  readonly store: StoreKind;
  /** Required when `store` is `redis`. */
  readonly redisUrl: string | null;
  /** `SlimFaas:Ports`: explicit public ports overriding the topology's; `[]` when not set (frozen at run time). */
  readonly ports: number[];
  /** `SlimFaas:Process:SupervisorUrl` / `Token` ('' when not set). */
  readonly process: { readonly supervisorUrl: string; readonly token: string };
  readonly workers: {
    readonly queuesDelayMilliseconds: number;
    readonly replicasSynchronizationDelayMilliseconds: number;
    readonly historySynchronizationDelayMilliseconds: number;
    readonly scaleReplicasDelayMilliseconds: number;
    readonly jobsDelayMilliseconds: number;
    readonly jobsConfigurationDelayMilliseconds: number;
  };
  /** `SlimFaas:ClusterSecret`: authenticates node-to-node routes (several nodes); null = none. */
  readonly clusterSecret: string | null;
  /** `SlimFaas:AsyncCallbackAllowedHosts` (comma list, lower-cased): hosts an external caller may name in `X-Callback-Url`. */
  readonly asyncCallbackAllowedHosts: readonly string[];
  /** `SlimFaas:Port`: the public port of `slimfaas serve` (default 5000). */
  readonly port: number;
  /** `SlimData:Directory`: where `slimfaas serve` keeps its embedded store and files (null = `./data`). */
  readonly dataDirectory: string | null;
  /** `SlimFaas:JobsConfiguration` (jobs.md §2.2), raw JSON or null. */
  readonly jobsConfiguration: string | null;
  /** `SlimData:BackupDirectory` (null = no schedule backup) and `SlimData:BackupIntervalSeconds`. */
  readonly backup: { readonly directory: string | null; readonly intervalSeconds: number };
  /** `Kestrel:Limits:MaxRequestBodySize` in bytes. */
  readonly maxRequestBodySize: number;
  /** Slow-client and connection limits (`Kestrel:Limits:*`). */
  readonly limits: ConnectionLimits;
  /** `SlimFaas:MetricsScraping:*` (autoscaling.md §1.2). */
  readonly metricsScraping: MetricsScrapingSettings;
  /** `Data:DefaultVisibility`. */
  readonly dataDefaultVisibility: Visibility;
  /** `SlimData:Files:*`: the per-node data-file transfer limiter (data.md §2.6). */
  readonly dataFiles: DataFilesSettings;
  /** `Logging:LogLevel:Default`. */
  readonly logLevel: LogLevel;
  /** `SlimFaas:RateLimiting:*` (platform.md §3.8, §4): CPU load shedding, off by default. */
  readonly rateLimiting: RateLimitSettings;
  /** `OpenTelemetry:*` (platform.md §3.9): off by default. */
  readonly openTelemetry: OpenTelemetrySettings;
}

export interface ConnectionLimits {
  /** `Kestrel:Limits:RequestHeadersTimeout` (default 30 s): all headers must arrive within it. */
  readonly requestHeadersTimeoutMs: number;
  /** `Kestrel:Limits:KeepAliveTimeout` (default 5 min): idle keep-alive connections are closed after it. */
  readonly keepAliveTimeoutMs: number;
  /** `Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond` (default 240; 0 disables the check). */
  readonly minRequestBodyBytesPerSecond: number;
  /** `Kestrel:Limits:MinRequestBodyDataRate:GracePeriod` (default 10 s). */
  readonly minRequestBodyGracePeriodMs: number;
  /** `Kestrel:Limits:MaxConcurrentConnections` (default null: unlimited). */
  readonly maxConcurrentConnections: number | null;
}

export interface MetricsScrapingSettings {
  readonly scrapeIntervalMilliseconds: number;
  readonly maxConcurrentTargets: number;
  readonly maxResponseBytes: number;
  readonly maxLineBytes: number;
  readonly maxSelectedSeriesPerTarget: number;
  readonly requestTimeoutSeconds: number;
}

export interface DataFilesSettings {
  readonly maxInFlightBytes: number;
  readonly unknownLengthReservationBytes: number;
  readonly maxPendingTransfers: number;
  readonly queueWaitTimeoutSeconds: number;
}

type Env = Record<string, string | undefined>;

/** Case-insensitive view of the environment with `__` read as `:`; the `__` form wins over `:`. */
class ConfigView {
  private readonly values = new Map<string, { value: string; dunder: boolean }>();

  constructor(env: Env) {
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) continue;
      const dunder = !key.includes(':');
      const normalised = key.replace(/__/g, ':').toLowerCase();
      const existing = this.values.get(normalised);
      if (existing && existing.dunder && !dunder) continue;
      this.values.set(normalised, { value, dunder });
    }
  }

  /** Value of `key` (`A:B` form), or undefined when absent or blank. */
  get(key: string): string | undefined {
    const entry = this.values.get(key.toLowerCase());
    return entry && entry.value.trim() !== '' ? entry.value : undefined;
  }

  /** Raw values (blanks included) of the keys under `key`, by their lower-cased rest (`a`, `b:0`…). */
  section(key: string): Map<string, string> {
    const prefix = `${key.toLowerCase()}:`;
    const out = new Map<string, string>();
    for (const [k, v] of this.values) if (k.startsWith(prefix)) out.set(k.slice(prefix.length), v.value);
    return out;
  }

  /** `key` as a comma-separated scalar, or as indexed children `key:0`, `key:1`… (which win). */
  list(key: string): string[] | undefined {
    const prefix = `${key.toLowerCase()}:`;
    const indexed = [...this.values.entries()]
      .filter(([k]) => k.startsWith(prefix) && /^\d+$/.test(k.slice(prefix.length)))
      .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
      .map(([, v]) => v.value.trim())
      .filter((v) => v !== '');
    if (indexed.length > 0) return indexed;
    const scalar = this.get(key);
    if (scalar === undefined) return undefined;
    return scalar.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
}

function invalid(key: string, expected: string, raw: string): never {
  const envName = key.replace(/:/g, '__');
  throw new Error(`Invalid configuration ${key} (${envName}): expected ${expected} (got ${JSON.stringify(raw)})`);
}

function readBool(view: ConfigView, key: string, defaultValue: boolean): boolean {
  const raw = view.get(key);
  if (raw === undefined) return defaultValue;
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return invalid(key, 'true or false', raw);
}

function parseInteger(key: string, raw: string, min: number, max: number): number {
  const text = raw.trim();
  const value = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return invalid(key, `an integer between ${min} and ${max}`, raw);
  }
  return value === 0 ? 0 : value; // "-0" ⇒ 0
}

function readInt(view: ConfigView, key: string, defaultValue: number, min: number, max: number): number {
  const raw = view.get(key);
  return raw === undefined ? defaultValue : parseInteger(key, raw, min, max);
}

function readEnum<T extends string>(view: ConfigView, key: string, names: readonly T[], defaultValue: T): T {
  const raw = view.get(key);
  if (raw === undefined) return defaultValue;
  const lower = raw.trim().toLowerCase();
  return names.find((n) => n.toLowerCase() === lower) ?? invalid(key, `one of ${names.join(', ')}`, raw);
}

const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

/**
 * A .NET `TimeSpan` as configuration binding reads it: `[d.]hh:mm[:ss[.fffffff]]`, or a plain
 * integer, which .NET reads as a number of days. Returns milliseconds.
 */
export function parseTimeSpanMs(key: string, raw: string): number {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 86_400_000;
  const match = TIMESPAN.exec(text);
  if (!match) return invalid(key, 'a duration such as 00:00:30 ([d.]hh:mm:ss[.fff])', raw);
  const [, days, hours, minutes, seconds, fraction] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59) {
    return invalid(key, 'a duration such as 00:00:30 ([d.]hh:mm:ss[.fff])', raw);
  }
  const ms = Math.round(Number(`0.${fraction ?? '0'}`) * 1000);
  return ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds ?? 0) * 1000 + ms;
}

function readTimeSpan(view: ConfigView, key: string, defaultMs: number): number {
  const raw = view.get(key);
  return raw === undefined ? defaultMs : parseTimeSpanMs(key, raw);
}

function readLimits(view: ConfigView): ConnectionLimits {
  const maxConnections = view.get('Kestrel:Limits:MaxConcurrentConnections');
  return Object.freeze({
    requestHeadersTimeoutMs: readTimeSpan(view, 'Kestrel:Limits:RequestHeadersTimeout', 30_000),
    keepAliveTimeoutMs: readTimeSpan(view, 'Kestrel:Limits:KeepAliveTimeout', 300_000),
    minRequestBodyBytesPerSecond: readInt(view, 'Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond', 240, 0, Number.MAX_SAFE_INTEGER),
    minRequestBodyGracePeriodMs: readTimeSpan(view, 'Kestrel:Limits:MinRequestBodyDataRate:GracePeriod', 10_000),
    maxConcurrentConnections:
      maxConnections === undefined ? null : parseInteger('Kestrel:Limits:MaxConcurrentConnections', maxConnections, 1, 1_000_000_000),
  });
}

function readMetricsScraping(view: ConfigView): MetricsScrapingSettings {
  const key = (name: string) => `SlimFaas:MetricsScraping:${name}`;
  const positive = (name: string, fallback: number) => readInt(view, key(name), fallback, 1, Number.MAX_SAFE_INTEGER);
  const settings = {
    scrapeIntervalMilliseconds: positive('ScrapeIntervalMilliseconds', 5000),
    maxConcurrentTargets: positive('MaxConcurrentTargets', 8),
    maxResponseBytes: positive('MaxResponseBytes', 8_388_608),
    maxLineBytes: positive('MaxLineBytes', 65_536),
    maxSelectedSeriesPerTarget: positive('MaxSelectedSeriesPerTarget', 10_000),
    requestTimeoutSeconds: positive('RequestTimeoutSeconds', 10),
  };
  if (settings.maxLineBytes > settings.maxResponseBytes) {
    invalid(key('MaxLineBytes'), `at most MaxResponseBytes (${settings.maxResponseBytes})`, String(settings.maxLineBytes));
  }
  return Object.freeze(settings);
}

function readDataFiles(view: ConfigView): DataFilesSettings {
  const positive = (name: string, fallback: number) => readInt(view, `SlimData:Files:${name}`, fallback, 1, Number.MAX_SAFE_INTEGER);
  return Object.freeze({
    maxInFlightBytes: positive('MaxInFlightBytes', 268_435_456),
    unknownLengthReservationBytes: positive('UnknownLengthReservationBytes', 268_435_456),
    maxPendingTransfers: positive('MaxPendingTransfers', 128),
    queueWaitTimeoutSeconds: positive('QueueWaitTimeoutSeconds', 30),
  });
}

const ORCHESTRATORS = ['Kubernetes', 'Docker', 'Process', 'Local'] as const;
const LOG_LEVELS = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'] as const;
const MAX_DELAY_MS = 2147483647;

function isUrl(text: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * Loads settings from `env` (normally `process.env`). `fallbackHostname` is used when `HOSTNAME`
 * is absent (defaults to the machine host name).
 */
export function loadSettings(env: Env, fallbackHostname: string = osHostname()): Settings {
  const view = new ConfigView(env);
  const str = (key: string, defaultValue: string) => view.get(key) ?? defaultValue;

  const orchestratorRaw = view.get('SlimFaas:Orchestrator')?.trim().toLowerCase();
  const orchestrator = ORCHESTRATORS.find((o) => o.toLowerCase() === orchestratorRaw) ?? 'Kubernetes';

  const proxiesKey = 'SlimFaas:TrustedProxies';
  const proxiesList = view.list(proxiesKey) ?? [];
  let trustedProxies: Cidr[];
  try {
    trustedProxies = parseCidrList(proxiesList.join(','));
  } catch (error) {
    return invalid(proxiesKey, `a comma-separated CIDR list (${(error as Error).message})`, proxiesList.join(','));
  }

  const portsKey = 'SlimFaas:Ports';
  const portsList = view.list(portsKey);
  const ports = (portsList ?? []).map((p) => parseInteger(portsKey, p, 1, 65535));

  const store = readEnum(view, 'SlimFaas:Store', ['sqlite', 'redis'] as const, 'sqlite');
  const redisUrl = view.get('SlimFaas:RedisUrl')?.trim() ?? null;
  if (redisUrl !== null && !isUrl(redisUrl, ['redis:', 'rediss:'])) {
    invalid('SlimFaas:RedisUrl', 'a redis:// or rediss:// URL', redisUrl);
  }
  if (store === 'redis' && redisUrl === null) invalid('SlimFaas:RedisUrl', 'a URL when SlimFaas:Store is redis', '');

  const supervisorUrl = str('SlimFaas:Process:SupervisorUrl', '').trim();
  const token = str('SlimFaas:Process:Token', '').trim();
  // Only checked when given: an in-process supervisor (`slimfaas local up`) needs neither.
  if (supervisorUrl !== '' && !isUrl(supervisorUrl, ['http:', 'https:'])) {
    invalid('SlimFaas:Process:SupervisorUrl', 'an absolute http(s) URL', supervisorUrl);
  }

  const corsAllowOrigin = str('SlimFaas:CorsAllowOrigin', '*').trim();
  const corsOrigins: '*' | readonly string[] =
    corsAllowOrigin === '*'
      ? '*'
      : Object.freeze(corsAllowOrigin.split(',').map((o) => o.trim()).filter((o) => o !== ''));

  const settings: Settings = {
    hostname: str('HOSTNAME', fallbackHostname).trim(),
    orchestrator,
    namespace: str('SlimFaas:Namespace', 'default').trim(),
    baseFunctionUrl: str('SlimFaas:BaseFunctionUrl', 'http://{pod_ip}:{pod_port}').trim(),
    baseFunctionPodUrl: str('SlimFaas:BaseFunctionPodUrl', 'http://{pod_ip}:{pod_port}').trim(),
    allowUnsecureSsl: readBool(view, 'SlimFaas:AllowUnsecureSsl', false),
    corsAllowOrigin,
    corsOrigins,
    podScaledUpByDefaultWhenInfrastructureHasNeverCalled: readBool(
      view,
      'SlimFaas:PodScaledUpByDefaultWhenInfrastructureHasNeverCalled',
      false,
    ),
    webSocketPort: readInt(view, 'SlimFaas:WebSocketPort', 5003, 0, 65535),
    enableFront: readBool(view, 'SlimFaas:EnableFront', true),
    statusStream: readStatusStreamSettings((key) => view.get(key)),
    trustedProxies: Object.freeze(trustedProxies.map((cidr) => cidr.text)) as string[],
    trustedProxyCidrs: Object.freeze(trustedProxies) as Cidr[],
    store,
    redisUrl,
    ports: Object.freeze(ports) as number[],
    process: Object.freeze({ supervisorUrl, token }),
    workers: Object.freeze({
      queuesDelayMilliseconds: readInt(view, 'Workers:QueuesDelayMilliseconds', 10, 0, MAX_DELAY_MS),
      replicasSynchronizationDelayMilliseconds: readInt(
        view,
        'Workers:ReplicasSynchronizationDelayMilliseconds',
        3000,
        0,
        MAX_DELAY_MS,
      ),
      historySynchronizationDelayMilliseconds: readInt(
        view,
        'Workers:HistorySynchronizationDelayMilliseconds',
        500,
        0,
        MAX_DELAY_MS,
      ),
      scaleReplicasDelayMilliseconds: readInt(view, 'Workers:ScaleReplicasDelayMilliseconds', 1000, 0, MAX_DELAY_MS),
      jobsDelayMilliseconds: readInt(view, 'Workers:JobsDelayMilliseconds', 1000, 0, MAX_DELAY_MS),
      jobsConfigurationDelayMilliseconds: readInt(view, 'Workers:JobsConfigurationDelayMilliseconds', 1000, 0, MAX_DELAY_MS),
    }),
    clusterSecret: view.get('SlimFaas:ClusterSecret')?.trim() ?? null,
    asyncCallbackAllowedHosts: Object.freeze(str('SlimFaas:AsyncCallbackAllowedHosts', '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '')),
    port: readInt(view, 'SlimFaas:Port', 5000, 1, 65535),
    dataDirectory: view.get('SlimData:Directory')?.trim() ?? null,
    jobsConfiguration: view.get('SlimFaas:JobsConfiguration') ?? null,
    backup: Object.freeze({
      directory: view.get('SlimData:BackupDirectory')?.trim() ?? null,
      // Values <= 0 are replaced by 1 (jobs.md §10).
      intervalSeconds: Math.max(1, readInt(view, 'SlimData:BackupIntervalSeconds', 60, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)),
    }),
    maxRequestBodySize: readInt(view, 'Kestrel:Limits:MaxRequestBodySize', 524288000, 0, Number.MAX_SAFE_INTEGER),
    limits: readLimits(view),
    metricsScraping: readMetricsScraping(view),
    dataDefaultVisibility: readEnum(view, 'Data:DefaultVisibility', ['Public', 'Private'] as const, 'Private'),
    dataFiles: readDataFiles(view),
    logLevel: readEnum(view, 'Logging:LogLevel:Default', LOG_LEVELS, 'Warning'),
    rateLimiting: readRateLimitSettings(view.section('SlimFaas:RateLimiting')),
    openTelemetry: readOpenTelemetrySettings((key) => view.get(key), (key) => view.list(key)),
  };
  return Object.freeze(settings);
}
