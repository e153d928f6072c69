/**
 * Where the engine and SlimFaas are (platform.md §2.3.1): the Unix socket from `DOCKER_HOST`
 * (`unix://<path>`; anything else → the conventional socket), and the addressing mode — network
 * mode when SlimFaas runs in a container of the engine (found by its host name) or when forced,
 * host mode otherwise — with the network new replicas and runs join and the compose project. Pure.
 */
import { LABEL } from './labels.js';
import { labelsOf, type InspectedContainer } from './inspected.js';
import type { Addressing } from './pod-address.js';
import { primaryNetwork } from './replica-spec.js';

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export function socketPathFrom(env: Readonly<Record<string, string | undefined>>): string {
  const host = env.DOCKER_HOST?.trim() ?? '';
  return host.startsWith('unix://') && host.length > 'unix://'.length ? host.slice('unix://'.length) : DEFAULT_SOCKET;
}

export type HostMode = 'auto' | 'host' | 'network';

export interface Location {
  addressing: Addressing;
  /** Network for job runs (templates keep their source's); undefined: the engine's default. */
  network: string | undefined;
  /** Compose project of SlimFaas's own container, or null. */
  project: string | null;
}

export function resolveLocation(mode: HostMode, self: InspectedContainer | null, networkOption: string | undefined): Location {
  const project = self ? labelsOf(self)[LABEL.composeProject] ?? null : null;
  const inNetwork = mode === 'network' || (mode === 'auto' && self !== null);
  if (!inNetwork) return { addressing: { kind: 'host' }, network: networkOption, project };
  const network = networkOption ?? (self ? primaryNetwork(self) : undefined);
  return { addressing: { kind: 'network', network: network ?? null }, network, project };
}
