/**
 * Templates and replicas (platform.md §2.3.4): a template is a stopped clone of a replica (image,
 * environment, command, exposed ports, healthcheck, binds, init, resources, labels plus
 * `SlimFaas/template=true` and the original bindings in `SlimFaas/PublishedPorts`); a replica is
 * created from the template with restart policy `unless-stopped`, aliases `<app>` and its name on
 * a user network, and fresh host ports: on `127.0.0.1` for every container port in host mode, the
 * original bindings with random ports in network mode. Pure.
 */
import { LABEL } from './labels.js';
import { containerPortKeys, labelsOf, portProtocol, type InspectedContainer, type PortBindings } from './inspected.js';
import { networking, type CreateSpec } from './create-spec.js';

export interface CloneContext {
  /** Compose project to file clones under (SlimFaas's own, else the source's), or null. */
  project: string | null;
}

/** The network a container is primarily on: the first that is not built in, else the first, else its mode. */
export function primaryNetwork(c: Pick<InspectedContainer, 'NetworkSettings' | 'HostConfig'>): string | undefined {
  const names = Object.keys(c.NetworkSettings.Networks ?? {});
  return names.find((n) => !['bridge', 'host', 'none'].includes(n)) ?? names[0] ?? (c.HostConfig.NetworkMode || undefined);
}

/** `<app>-template`, then `<app>-template-1`, `-2`… on name clashes. */
export function templateName(app: string, attempt: number): string {
  return attempt === 0 ? `${app}-template` : `${app}-template-${attempt}`;
}

function composeLabels(labels: Record<string, string>, ctx: CloneContext, service: string): Record<string, string> {
  const out = Object.fromEntries(Object.entries(labels).filter(([key]) => !key.startsWith('com.docker.compose.')));
  const project = ctx.project ?? labels[LABEL.composeProject] ?? null;
  if (project) out[LABEL.composeProject] = project;
  out[LABEL.composeOneoff] = 'True';
  out[LABEL.composeService] = service;
  return out;
}

function baseConfig(c: InspectedContainer): Omit<CreateSpec, 'name' | 'Labels' | 'HostConfig'> {
  const cfg = c.Config;
  const exposed = Object.fromEntries(containerPortKeys(c).map((key) => [key, {}]));
  return {
    Image: cfg.Image,
    ...(cfg.Env ? { Env: [...cfg.Env] } : {}),
    ...(cfg.Cmd ? { Cmd: [...cfg.Cmd] } : {}),
    ...(cfg.Entrypoint ? { Entrypoint: cfg.Entrypoint } : {}),
    ...(cfg.WorkingDir ? { WorkingDir: cfg.WorkingDir } : {}),
    ...(cfg.User ? { User: cfg.User } : {}),
    ...(cfg.Healthcheck ? { Healthcheck: { ...cfg.Healthcheck } } : {}),
    ...(cfg.StopSignal ? { StopSignal: cfg.StopSignal } : {}),
    ...(Object.keys(exposed).length > 0 ? { ExposedPorts: exposed } : {}),
  };
}

function limits(c: InspectedContainer): Partial<CreateSpec['HostConfig']> {
  const h = c.HostConfig;
  const out: Partial<CreateSpec['HostConfig']> = {};
  for (const key of ['NanoCpus', 'CpuQuota', 'CpuPeriod', 'Memory', 'MemoryReservation'] as const) if ((h[key] ?? 0) > 0) out[key] = h[key]!;
  if (h.Init) out.Init = true;
  return out;
}

export function templateSpec(source: InspectedContainer, app: string, name: string, ctx: CloneContext, network: string | undefined): CreateSpec {
  const labels = composeLabels(labelsOf(source), ctx, `sf-template-${app}`);
  labels[LABEL.template] = 'true';
  labels[LABEL.publishedPorts] = JSON.stringify(source.HostConfig.PortBindings ?? {});
  const net = networking(network, [app, name]);
  return {
    name,
    ...baseConfig(source),
    Labels: labels,
    HostConfig: {
      RestartPolicy: { Name: 'no' },
      ...(source.HostConfig.Binds?.length ? { Binds: [...source.HostConfig.Binds] } : {}),
      ...limits(source),
      ...(net.NetworkMode ? { NetworkMode: net.NetworkMode } : {}),
    },
    ...(net.NetworkingConfig ? { NetworkingConfig: net.NetworkingConfig } : {}),
  };
}

function parsePublished(text: string | undefined): PortBindings {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PortBindings) : {};
  } catch {
    return {};
  }
}

/** Host mode: every TCP container port on 127.0.0.1; network mode: the original bindings. Host ports always fresh. */
export function replicaBindings(template: InspectedContainer, mode: 'host' | 'network'): PortBindings {
  const out: PortBindings = {};
  if (mode === 'host') {
    for (const key of containerPortKeys(template)) if (portProtocol(key) === 'tcp') out[key] = [{ HostIp: '127.0.0.1', HostPort: '' }];
    return out;
  }
  for (const [key, bindings] of Object.entries(parsePublished(labelsOf(template)[LABEL.publishedPorts]))) {
    if (!bindings || bindings.length === 0) continue;
    out[key.includes('/') ? key : `${key}/tcp`] = bindings.map((b) => ({ HostIp: b.HostIp ?? '', HostPort: '' }));
  }
  return out;
}

export function replicaSpec(template: InspectedContainer, app: string, name: string, ctx: CloneContext, mode: 'host' | 'network'): CreateSpec {
  const labels = composeLabels(labelsOf(template), ctx, `sf-replica-${app}`);
  delete labels[LABEL.template];
  delete labels[LABEL.publishedPorts];
  const bindings = replicaBindings(template, mode);
  const net = networking(template.HostConfig.NetworkMode || undefined, [app, name]);
  return {
    name,
    ...baseConfig(template),
    Labels: labels,
    HostConfig: {
      RestartPolicy: { Name: 'unless-stopped' },
      ...(Object.keys(bindings).length > 0 ? { PortBindings: bindings } : {}),
      ...(template.HostConfig.Binds?.length ? { Binds: [...template.HostConfig.Binds] } : {}),
      ...limits(template),
      ...(net.NetworkMode ? { NetworkMode: net.NetworkMode } : {}),
    },
    ...(net.NetworkingConfig ? { NetworkingConfig: net.NetworkingConfig } : {}),
  };
}
