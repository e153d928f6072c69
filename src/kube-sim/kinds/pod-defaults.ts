/** Defaulting of pod specs as the API server does it (pods and the pod templates of workloads). */
import type { Container, PodSpec, Probe } from '../model/types.js';

function imagePullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  const lastSegment = image.split('/').pop() ?? '';
  if (lastSegment.includes('@')) return 'IfNotPresent';
  const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Probe | undefined): void {
  if (!probe) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP';
}

function defaultContainer(container: Container): void {
  container.imagePullPolicy ??= imagePullPolicy(container.image);
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  for (const port of container.ports ?? []) port.protocol ??= 'TCP';
  defaultProbe(container.readinessProbe);
  defaultProbe(container.livenessProbe as Probe | undefined);
  defaultProbe(container.startupProbe as Probe | undefined);
}

/** `forPod` adds what only pods get (service account, priority, service links). */
export function defaultPodSpec(spec: PodSpec, forPod: boolean): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  if (forPod) {
    spec.serviceAccountName ??= (spec.serviceAccount as string | undefined) ?? 'default';
    spec.serviceAccount ??= spec.serviceAccountName;
    spec.enableServiceLinks ??= true;
    spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
  }
}
