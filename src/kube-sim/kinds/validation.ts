/** The validation rules kube-sim enforces (422 causes): names, pod specs, workload selectors, immutable fields. */
import type { StatusCause } from '../api/api-error.js';
import { matchesSelector } from '../api/label-selector.js';
import { deepEqual } from '../model/json.js';
import { checkLabel } from '../model/names.js';
import type { Container, KubeObject, PodSpec } from '../model/types.js';

function required(field: string): StatusCause {
  return { reason: 'FieldValueRequired', message: 'Required value', field };
}

function invalidValue(field: string, value: unknown, why: string): StatusCause {
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${why}`, field };
}

function unsupported(field: string, value: unknown, allowed: string[]): StatusCause {
  return { reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`, field };
}

export function immutable(field: string): StatusCause {
  return { reason: 'FieldValueInvalid', message: 'field is immutable', field };
}

function validateContainers(containers: Container[] | undefined, field: string, causes: StatusCause[]): void {
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(required(field));
    return;
  }
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const at = `${field}[${i}]`;
    if (!c.name) causes.push(required(`${at}.name`));
    else {
      const bad = checkLabel(c.name);
      if (bad) causes.push(invalidValue(`${at}.name`, c.name, bad));
      if (names.has(c.name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: "${c.name}"`, field: `${at}.name` });
      names.add(c.name);
    }
    if (!c.image) causes.push(required(`${at}.image`));
    (c.ports ?? []).forEach((p, j) => {
      if (!Number.isInteger(p.containerPort) || p.containerPort < 1 || p.containerPort > 65535) {
        causes.push(invalidValue(`${at}.ports[${j}].containerPort`, p.containerPort, 'must be between 1 and 65535, inclusive'));
      }
    });
  });
}

export function validatePodSpec(spec: PodSpec | undefined, field: string, allowedRestart: string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!spec) return [required(field)];
  validateContainers(spec.containers, `${field}.containers`, causes);
  if (spec.restartPolicy !== undefined && !allowedRestart.includes(spec.restartPolicy)) {
    causes.push(unsupported(`${field}.restartPolicy`, spec.restartPolicy, allowedRestart));
  }
  return causes;
}

/** Pod updates may change metadata, container images and a few scheduling fields only. */
export function validatePodUpdate(next: KubeObject, old: KubeObject): StatusCause[] {
  const strip = (spec: PodSpec): unknown => ({
    ...spec,
    containers: (spec.containers ?? []).map((c) => ({ ...c, image: undefined })),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
    terminationGracePeriodSeconds: undefined,
    nodeName: undefined,
  });
  if (deepEqual(strip(next.spec), strip(old.spec))) return [];
  return [{ reason: 'FieldValueForbidden', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)', field: 'spec' }];
}

/** Deployments, ReplicaSets, StatefulSets: a selector that selects the template's labels, restartPolicy Always. */
export function validateReplicated(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = obj.spec ?? {};
  if (typeof spec.replicas === 'number' && (spec.replicas < 0 || !Number.isInteger(spec.replicas))) {
    causes.push(invalidValue('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const selector = spec.selector;
  const hasSelector = selector && (Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions ?? []).length > 0);
  if (!hasSelector) causes.push(required('spec.selector'));
  const labels = spec.template?.metadata?.labels;
  if (hasSelector && !matchesSelector(selector, labels)) {
    causes.push(invalidValue('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'));
  }
  causes.push(...validatePodSpec(spec.template?.spec, 'spec.template.spec', ['Always']));
  return causes;
}

export function validateJob(obj: KubeObject): StatusCause[] {
  const spec = obj.spec ?? {};
  const causes: StatusCause[] = [];
  if (spec.template?.spec && spec.template.spec.restartPolicy === 'Always') {
    causes.push(unsupported('spec.template.spec.restartPolicy', 'Always', ['OnFailure', 'Never']));
    return causes;
  }
  causes.push(...validatePodSpec(spec.template?.spec, 'spec.template.spec', ['OnFailure', 'Never']));
  if (spec.selector && !matchesSelector(spec.selector, spec.template?.metadata?.labels)) {
    causes.push(invalidValue('spec.template.metadata.labels', spec.template?.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
  }
  return causes;
}

export function validateCronJob(obj: KubeObject): StatusCause[] {
  const spec = obj.spec ?? {};
  const causes: StatusCause[] = [];
  if (!spec.schedule) causes.push(required('spec.schedule'));
  const podSpec = spec.jobTemplate?.spec?.template?.spec;
  if (podSpec?.restartPolicy === 'Always') causes.push(unsupported('spec.jobTemplate.spec.template.spec.restartPolicy', 'Always', ['OnFailure', 'Never']));
  else causes.push(...validatePodSpec(podSpec, 'spec.jobTemplate.spec.template.spec', ['OnFailure', 'Never']));
  return causes;
}

export function validateService(obj: KubeObject): StatusCause[] {
  const spec = obj.spec ?? {};
  const causes: StatusCause[] = [];
  const headless = spec.clusterIP === 'None';
  if (!headless && spec.type !== 'ExternalName' && (!Array.isArray(spec.ports) || spec.ports.length === 0)) causes.push(required('spec.ports'));
  const types = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
  if (spec.type !== undefined && !types.includes(spec.type)) causes.push(unsupported('spec.type', spec.type, types));
  return causes;
}

export function validateRoleBinding(obj: KubeObject): StatusCause[] {
  const roleRef = obj.roleRef as { kind?: string; name?: string } | undefined;
  const causes: StatusCause[] = [];
  if (!roleRef?.name) causes.push(required('roleRef.name'));
  if (!roleRef?.kind) causes.push(required('roleRef.kind'));
  return causes;
}

/** Fields of an existing object that updates must not change. */
export function checkImmutable(next: KubeObject, old: KubeObject, paths: string[][]): StatusCause[] {
  const at = (o: unknown, path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
  return paths.filter((p) => !deepEqual(at(next, p), at(old, p))).map((p) => immutable(p.join('.')));
}
