/**
 * The part of `GET /containers/{id}/json` this orchestrator reads (structurally a subset of
 * dockerode's `ContainerInspectInfo`, so tests build small literals), and state helpers. Pure.
 */

export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

export type PortBindings = Record<string, PortBinding[] | null | undefined>;

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
}

export interface InspectedContainer {
  Id: string;
  Name: string;
  Created?: string;
  RestartCount?: number;
  State: {
    Status: string;
    Running: boolean;
    Restarting?: boolean;
    OOMKilled?: boolean;
    ExitCode?: number;
    Error?: string;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status: string } | null;
  };
  Config: {
    Hostname?: string;
    Image: string;
    Labels?: Record<string, string> | null;
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string | string[] | null;
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Record<string, object> | null;
    Healthcheck?: HealthConfig | null;
    StopSignal?: string;
    /** Output through a pseudo-terminal: the logs are one raw stream, not multiplexed frames. */
    Tty?: boolean;
  };
  HostConfig: {
    NetworkMode?: string;
    PortBindings?: PortBindings | null;
    Binds?: string[] | null;
    /** Runs docker-init as PID 1 (signals forwarded, zombies reaped). */
    Init?: boolean | null;
    NanoCpus?: number;
    CpuQuota?: number;
    CpuPeriod?: number;
    Memory?: number;
    MemoryReservation?: number;
  };
  NetworkSettings: {
    IPAddress?: string;
    Ports?: PortBindings | null;
    Networks?: Record<string, { IPAddress?: string; Aliases?: string[] | null }> | null;
  };
}

/** Docker's zero time (`0001-01-01T00:00:00Z`) or absent → null; else epoch ms. */
export function timeMs(text: string | undefined): number | null {
  if (!text || text.startsWith('0001-01-01')) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

export function labelsOf(c: InspectedContainer): Record<string, string> {
  return c.Config.Labels ?? {};
}

/** Alive states: the container exists to run (or is about to). */
export function isLive(c: InspectedContainer): boolean {
  return ['created', 'running', 'restarting', 'paused'].includes(c.State.Status);
}

export function isFinished(c: InspectedContainer): boolean {
  return ['exited', 'dead', 'removing'].includes(c.State.Status);
}

/** `8080/tcp` → 8080 (null when not numeric). */
export function portNumber(key: string): number | null {
  const match = /^(\d+)(?:\/(\w+))?$/.exec(key);
  if (!match) return null;
  const port = Number(match[1]);
  return port > 0 && port <= 65535 ? port : null;
}

/** `8080/tcp` → 'tcp' (Docker's default protocol when none is written). */
export function portProtocol(key: string): string {
  return key.split('/')[1] ?? 'tcp';
}

/** Container port keys it exposes or publishes, deduplicated (`8080/tcp`). */
export function containerPortKeys(c: InspectedContainer): string[] {
  const keys = new Set<string>([
    ...Object.keys(c.Config.ExposedPorts ?? {}),
    ...Object.keys(c.HostConfig.PortBindings ?? {}),
    ...Object.keys(c.NetworkSettings.Ports ?? {}),
  ]);
  return [...keys].map((k) => (k.includes('/') ? k : `${k}/tcp`)).filter((k, i, all) => portNumber(k) !== null && all.indexOf(k) === i);
}

/** IPs on every network (empty ones dropped), else the legacy address. */
export function containerIps(c: InspectedContainer): string[] {
  const ips = Object.values(c.NetworkSettings.Networks ?? {})
    .map((n) => n.IPAddress ?? '')
    .filter((ip) => ip !== '');
  if (ips.length > 0) return ips;
  return c.NetworkSettings.IPAddress ? [c.NetworkSettings.IPAddress] : [];
}
