/** The `POST /containers/create` body this orchestrator sends (a subset of dockerode's `ContainerCreateOptions`). */
import type { HealthConfig, PortBindings } from './inspected.js';

export interface CreateSpec {
  name: string;
  Image: string;
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string | string[];
  WorkingDir?: string;
  User?: string;
  Labels: Record<string, string>;
  ExposedPorts?: Record<string, object>;
  Healthcheck?: HealthConfig;
  StopSignal?: string;
  HostConfig: {
    RestartPolicy: { Name: string; MaximumRetryCount?: number };
    PortBindings?: PortBindings;
    Binds?: string[];
    Init?: boolean;
    NetworkMode?: string;
    NanoCpus?: number;
    CpuQuota?: number;
    CpuPeriod?: number;
    Memory?: number;
    MemoryReservation?: number;
    ExtraHosts?: string[];
  };
  NetworkingConfig?: { EndpointsConfig: Record<string, { Aliases?: string[] }> };
}

/** Networks where Docker refuses network-scoped aliases. */
const BUILT_IN = new Set(['bridge', 'host', 'none', 'default']);

export function isUserNetwork(network: string | undefined): network is string {
  return network !== undefined && network !== '' && !BUILT_IN.has(network) && !network.startsWith('container:');
}

/** `NetworkMode` + aliases on a user network (none on `bridge`). */
export function networking(network: string | undefined, aliases: string[]): Pick<CreateSpec, 'NetworkingConfig'> & { NetworkMode?: string } {
  if (!network) return {};
  if (!isUserNetwork(network)) return { NetworkMode: network };
  return { NetworkMode: network, NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: aliases } } } };
}
