/**
 * A container's environment and command line as the kubelet builds them: `envFrom` then `env` (literal values,
 * `fieldRef`, ConfigMap and Secret keys), `$(VAR)` expansion, plus the simulator's POD_IP, POD_NAME,
 * POD_NAMESPACE, HOSTNAME and a base environment (PATH, HOME). Missing references are configuration errors.
 */
import type { Container, KubeObject, Pod } from '../model/types.js';
import { fieldValue } from '../api/field-selector.js';

export class ContainerConfigError extends Error {}

export interface EnvSources {
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
}

/** `$(NAME)` replaced from `vars` when defined, `$$` escapes a `$`; unknown references stay as they are. */
export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && vars[name] !== undefined ? vars[name]! : match;
  });
}

function fieldRef(pod: Pod, path: string): string {
  const labels = /^metadata\.labels\['(.+)'\]$/.exec(path);
  if (labels) return pod.metadata.labels?.[labels[1]!] ?? '';
  const annotations = /^metadata\.annotations\['(.+)'\]$/.exec(path);
  if (annotations) return pod.metadata.annotations?.[annotations[1]!] ?? '';
  return fieldValue(pod, path);
}

function sourceData(obj: KubeObject | undefined, secret: boolean): Record<string, string> {
  const data = (obj?.data as Record<string, string> | undefined) ?? {};
  if (!secret) return data;
  const decoded: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) decoded[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries((obj?.stringData as Record<string, string> | undefined) ?? {})) decoded[k] = v;
  return decoded;
}

export function containerEnv(pod: Pod, container: Container, podIp: string, base: Record<string, string>, sources: EnvSources): Record<string, string> {
  const ns = pod.metadata.namespace!;
  const env: Record<string, string> = {
    ...base,
    HOSTNAME: pod.spec.hostname ?? pod.metadata.name!,
    POD_IP: podIp,
    POD_NAME: pod.metadata.name!,
    POD_NAMESPACE: ns,
  };
  const declared: Record<string, string> = {};
  const podWithIp = { ...pod, status: { ...(pod.status ?? {}), podIP: podIp } } as Pod;
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const isSecret = from.secretRef !== undefined;
    const obj = isSecret ? sources.secret(ns, ref.name) : sources.configMap(ns, ref.name);
    if (!obj && !ref.optional) throw new ContainerConfigError(`${isSecret ? 'secret' : 'configmap'} "${ref.name}" not found`);
    for (const [k, v] of Object.entries(sourceData(obj, isSecret))) declared[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const item of container.env ?? []) {
    const vars = { ...env, ...declared };
    if (item.value !== undefined) declared[item.name] = expand(item.value, vars);
    else if (item.valueFrom?.fieldRef) declared[item.name] = fieldRef(podWithIp, item.valueFrom.fieldRef.fieldPath);
    else if (item.valueFrom?.configMapKeyRef || item.valueFrom?.secretKeyRef) {
      const isSecret = item.valueFrom.secretKeyRef !== undefined;
      const ref = (item.valueFrom.secretKeyRef ?? item.valueFrom.configMapKeyRef)!;
      const obj = isSecret ? sources.secret(ns, ref.name) : sources.configMap(ns, ref.name);
      const value = sourceData(obj, isSecret)[ref.key];
      if (value !== undefined) declared[item.name] = value;
      else if (!ref.optional) {
        throw new ContainerConfigError(obj ? `couldn't find key ${ref.key} in ${isSecret ? 'Secret' : 'ConfigMap'} ${ns}/${ref.name}` : `${isSecret ? 'secret' : 'configmap'} "${ref.name}" not found`);
      }
    } else declared[item.name] = '';
  }
  return { ...env, ...declared };
}

/** Image → entrypoint; `null`: the image cannot be pulled. */
export type ImageTable = Record<string, string[] | null>;

export function imagePullable(container: Container, images: ImageTable): boolean {
  return !(container.image !== undefined && images[container.image] === null);
}

/** `command` (or the image's entrypoint from the simulator's image table) followed by `args`, expanded. */
export function commandLine(container: Container, entrypoints: ImageTable, env: Record<string, string>): string[] {
  const command = container.command ?? (container.image ? entrypoints[container.image] : undefined) ?? [];
  return [...command, ...(container.args ?? [])].map((part) => expand(part, env));
}
