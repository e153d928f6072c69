/**
 * A run as a container (platform.md §2.3.5, jobs.md §6): named like the run, the four
 * `slimfaas-job-*` labels plus `SlimFaas/Function=false`, the namespace, the TTL, the definition
 * and `SlimFaas/DependsOn`; args replace the image's `CMD` (its `ENTRYPOINT` stays, as Kubernetes
 * `args` do); only literal variables are passed; limits become engine limits; `backoffLimit`
 * retries are the engine's `on-failure` restarts (0 → no restart); docker-init is PID 1 so
 * that a stop reaches the job. Pure.
 */
import type { JobRunSpec } from '../jobs.js';
import { LABEL } from './labels.js';
import { networking, type CreateSpec } from './create-spec.js';
import { jobHostResources } from './resources.js';

export interface JobContext {
  namespace: string;
  /** Network runs join (undefined: the engine's default bridge). */
  network: string | undefined;
  /** Host mode: `host.docker.internal` resolves to the host (where SlimFaas listens). */
  hostGateway: boolean;
}

export function jobLabels(run: JobRunSpec, namespace: string): Record<string, string> {
  return {
    [LABEL.jobName]: run.name,
    [LABEL.jobElementId]: run.elementId,
    [LABEL.jobInQueue]: run.inQueueTicks,
    [LABEL.jobStart]: run.startTicks,
    [LABEL.function]: 'false',
    [LABEL.namespace]: namespace,
    [LABEL.jobTtl]: String(run.ttlSecondsAfterFinished),
    [LABEL.jobDefinition]: run.definition,
    ...(run.dependsOn !== null ? { [LABEL.dependsOn]: run.dependsOn.join(',') } : {}),
  };
}

/** `NAME=value` of literal entries; names of reference entries (secrets, config maps, fields) are returned as skipped. */
export function literalEnvironment(run: JobRunSpec): { env: string[]; skipped: string[] } {
  const env: string[] = [];
  const skipped: string[] = [];
  for (const entry of run.environment) {
    const reference = entry.SecretRef || entry.ConfigMapRef || entry.FieldRef || entry.ResourceFieldRef;
    if (reference || entry.Name === '' || entry.Name.includes('=')) skipped.push(entry.Name);
    else env.push(`${entry.Name}=${entry.Value ?? ''}`);
  }
  return { env, skipped };
}

export function jobSpec(run: JobRunSpec, ctx: JobContext): { spec: CreateSpec; skipped: string[] } {
  const { env, skipped } = literalEnvironment(run);
  const net = networking(ctx.network, [run.name]);
  const retries = Math.max(0, Math.trunc(run.backoffLimit));
  const spec: CreateSpec = {
    name: run.name,
    Image: run.image,
    Env: env,
    ...(run.args !== null ? { Cmd: [...run.args] } : {}),
    Labels: jobLabels(run, ctx.namespace),
    HostConfig: {
      RestartPolicy: retries > 0 ? { Name: 'on-failure', MaximumRetryCount: retries } : { Name: 'no' },
      Init: true,
      ...jobHostResources(run.resources),
      ...(net.NetworkMode ? { NetworkMode: net.NetworkMode } : {}),
      ...(ctx.hostGateway ? { ExtraHosts: ['host.docker.internal:host-gateway'] } : {}),
    },
    ...(net.NetworkingConfig ? { NetworkingConfig: net.NetworkingConfig } : {}),
  };
  return { spec, skipped };
}
