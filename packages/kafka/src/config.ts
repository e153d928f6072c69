/** Configuration of spec §7.2: sections Kafka, SlimFaas, SlimFaasKafka (env vars with `__`). */
export interface Binding {
  topic: string;
  consumerGroupId: string;
  functionName: string;
  minPendingMessages: number;
  cooldownSeconds: number;
  activityKeepAliveSeconds: number;
  minConsumedDeltaForActivity: number;
}

export interface KafkaConfig {
  bootstrapServers: string[];
  clientId: string;
  checkIntervalSeconds: number;
  kafkaTimeoutSeconds: number;
  allowAutoCreateTopics: boolean;
  slimFaasBaseUrl: string;
  wakeUpPathTemplate: string;
  httpTimeoutSeconds: number;
  bindings: Binding[];
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function get(env: Env, key: string): string | undefined {
  // Case-insensitive lookup, like .NET configuration keys.
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(env)) if (k.toLowerCase() === lower && v !== undefined && v !== '') return v;
  return undefined;
}

function int(env: Env, key: string, def: number, min?: number): number {
  const raw = get(env, key);
  if (raw === undefined) return def;
  const n = Number(raw.trim());
  if (!Number.isInteger(n)) throw new ConfigError(`${key}: expected an integer, got "${raw}"`);
  return min !== undefined ? Math.max(min, n) : n;
}

function bool(env: Env, key: string, def: boolean): boolean {
  const raw = get(env, key);
  if (raw === undefined) return def;
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(`${key}: expected true or false, got "${raw}"`);
}

/** Parses the configuration from environment-style keys (`Kafka__BootstrapServers`, …). */
export function loadConfig(env: Env): KafkaConfig {
  const indices = new Set<number>();
  const re = /^slimfaaskafka__bindings__(\d+)__/i;
  for (const k of Object.keys(env)) {
    const m = re.exec(k);
    if (m) indices.add(Number(m[1]));
  }
  const bindings: Binding[] = [];
  for (const i of [...indices].sort((a, b) => a - b)) {
    const p = `SlimFaasKafka__Bindings__${i}__`;
    const missing = ['Topic', 'ConsumerGroupId', 'FunctionName'].filter((f) => !get(env, p + f));
    if (missing.length) throw new ConfigError(`binding ${i}: missing ${missing.map((f) => p + f).join(', ')}`);
    bindings.push({
      topic: get(env, p + 'Topic')!.trim(),
      consumerGroupId: get(env, p + 'ConsumerGroupId')!.trim(),
      functionName: get(env, p + 'FunctionName')!.trim(),
      minPendingMessages: int(env, p + 'MinPendingMessages', 1),
      cooldownSeconds: int(env, p + 'CooldownSeconds', 30),
      activityKeepAliveSeconds: int(env, p + 'ActivityKeepAliveSeconds', 60),
      minConsumedDeltaForActivity: int(env, p + 'MinConsumedDeltaForActivity', 1),
    });
  }
  const servers = (get(env, 'Kafka__BootstrapServers') ?? 'kafka:9092').split(',').map((s) => s.trim()).filter(Boolean);
  if (servers.length === 0) throw new ConfigError('Kafka__BootstrapServers: empty broker list');
  const baseUrl = get(env, 'SlimFaas__BaseUrl') ?? 'http://slimfaas:5000';
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigError(`SlimFaas__BaseUrl: not a URL: "${baseUrl}"`);
  }
  return {
    bootstrapServers: servers,
    clientId: get(env, 'Kafka__ClientId') ?? 'slimkafka-monitor',
    checkIntervalSeconds: int(env, 'Kafka__CheckIntervalSeconds', 5, 1),
    kafkaTimeoutSeconds: int(env, 'Kafka__KafkaTimeoutSeconds', 5, 1),
    allowAutoCreateTopics: bool(env, 'Kafka__AllowAutoCreateTopics', true),
    slimFaasBaseUrl: baseUrl.replace(/\/+$/, ''),
    wakeUpPathTemplate: get(env, 'SlimFaas__WakeUpPathTemplate') ?? '/wake-function/{functionName}',
    httpTimeoutSeconds: int(env, 'SlimFaas__HttpTimeoutSeconds', 10, 1),
    bindings,
  };
}

export function wakeUrl(cfg: KafkaConfig, functionName: string): string {
  const path = cfg.wakeUpPathTemplate.replace(/\{functionName\}/gi, encodeURIComponent(functionName));
  return cfg.slimFaasBaseUrl + (path.startsWith('/') ? path : '/' + path);
}
