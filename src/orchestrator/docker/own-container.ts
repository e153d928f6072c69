/**
 * SlimFaas's own container (platform.md §2.3.1, §2.3.2): the container named like this host, or
 * whose host name is this host's — never one sharing the host's network stack (its host name is
 * the host's own) — else, when network mode is forced, a running `com.docker.compose.service=slimfaas`.
 */
import { containerName, LABEL } from './labels.js';
import { inspectContainer, type Docker } from './engine.js';
import type { InspectedContainer } from './inspected.js';

/** Pure: whether `c` is the container whose host name (or name) is `name`. */
export function isOwnContainer(c: InspectedContainer, name: string): boolean {
  if (c.HostConfig.NetworkMode === 'host') return false;
  return containerName(c.Name) === name || c.Config.Hostname === name;
}

export async function findOwnContainer(docker: Docker, name: string, composeFallback: boolean): Promise<InspectedContainer | null> {
  // By name first (the engine also resolves id prefixes, hence the check).
  const direct = await inspectContainer(docker, name).catch(() => null);
  if (direct && isOwnContainer(direct, name)) return direct;
  const running = await docker.listContainers({ filters: { status: ['running'] } });
  const inspected = await Promise.all(running.map((c) => inspectContainer(docker, c.Id).catch(() => null)));
  const own = inspected.find((c): c is InspectedContainer => c !== null && isOwnContainer(c, name));
  if (own || !composeFallback) return own ?? null;
  const compose = running.find((c) => c.Labels?.[LABEL.composeService] === 'slimfaas');
  return compose ? inspectContainer(docker, compose.Id) : null;
}
