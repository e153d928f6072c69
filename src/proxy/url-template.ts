/**
 * Builds the outbound URL of a function call from a URL template (functions.md §10) and joins it
 * with the caller's path and query exactly as functions.md §6.3 prescribes.
 */

export interface TemplatePod {
  ip: string;
  /** Declared ports; the first one is `{pod_port}`. */
  ports: readonly number[];
  name: string;
  /** Explicit base URL (local/debug modes): replaces the template entirely. */
  endpointUrl?: string;
}

export interface TargetUrlInput {
  /** `SlimFaas:BaseFunctionUrl` or `SlimFaas:BaseFunctionPodUrl`. */
  template: string;
  /** Selected pod; required when the template uses `{pod_ip}`, `{pod_port…}` or `{pod_name}`. */
  pod?: TemplatePod;
  functionName: string;
  namespace: string;
  /** `{service_name}`; defaults to `slimfaas`. */
  serviceName?: string;
  /** The `{**path}` part, with or without a leading `/`. */
  path: string;
  /** Query string with its leading `?`, or `''`. */
  query: string;
}

const PLACEHOLDER = /\{(pod_ip|pod_port|pod_port_\d+|pod_name|service_name|namespace|function_name)\}/g;
const POD_PLACEHOLDER = /\{(pod_ip|pod_port|pod_port_\d+|pod_name)\}/;

/** Pod mode: the template contains `{pod_ip}` (a target pod is selected per call). */
export function isPodTemplate(template: string): boolean {
  return template.includes('{pod_ip}');
}

/**
 * Replaces every placeholder of §10 in one pass. `{pod_port_N}` beyond the declared ports is left
 * as written (as upstream does). Throws when a pod placeholder is used without a pod.
 */
export function expandTemplate(input: Omit<TargetUrlInput, 'path' | 'query'>): string {
  const { template, pod } = input;
  if (pod?.endpointUrl) return pod.endpointUrl;
  if (!pod && POD_PLACEHOLDER.test(template)) {
    throw new Error(`URL template "${template}" needs a pod but none was selected`);
  }
  return template.replace(PLACEHOLDER, (whole: string, name: string) => {
    switch (name) {
      case 'pod_ip':
        return pod!.ip;
      case 'pod_name':
        return pod!.name;
      case 'pod_port':
        return pod!.ports.length > 0 ? String(pod!.ports[0]) : whole;
      case 'service_name':
        return input.serviceName ?? 'slimfaas';
      case 'namespace':
        return input.namespace;
      case 'function_name':
        return input.functionName;
      default: {
        const port = pod!.ports[Number(name.slice('pod_port_'.length))];
        return port === undefined ? whole : String(port);
      }
    }
  });
}

/**
 * §6.3 path joining: base with trailing `/` removed, then `/`, then `path + query` with leading
 * and trailing `/` removed (so a trailing `/` of the caller's path is lost); query kept verbatim.
 */
export function joinTargetUrl(base: string, path: string, query: string): string {
  const q = query === '' || query.startsWith('?') ? query : `?${query}`;
  return `${trimSlashes(base, false)}/${trimSlashes(path + q, true)}`;
}

const SLASH = 0x2f;

/** `s` without its trailing `/`s (and its leading ones when `leading`); `s` itself when there are none (the hot path). */
function trimSlashes(s: string, leading: boolean): string {
  let start = 0;
  let end = s.length;
  if (leading) while (start < end && s.charCodeAt(start) === SLASH) start++;
  while (end > start && s.charCodeAt(end - 1) === SLASH) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Target URL of one outbound call (sync, async or event delivery). */
export function buildTargetUrl(input: TargetUrlInput): string {
  return joinTargetUrl(expandTemplate(input), input.path, input.query);
}
