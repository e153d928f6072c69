/**
 * Job definitions a Docker engine declares (the Docker counterpart of jobs.md §2.6): a container
 * (typically created, never started) or an image labelled `SlimFaas/Job=true` and the namespace.
 * Name: `app` (else the container name), lower case. Image: the container's image reference or
 * the image's first tag, always in `ImagesWhitelist` after `SlimFaas/JobImagesWhitelist`.
 * Resources: the container's limits (100m/100Mi when absent); Environments: the container's
 * variables the image does not already set. Labels `SlimFaas/DependsOn`,
 * `SlimFaas/DefaultVisibility` (Private), `SlimFaas/NumberParallelJob` (1),
 * `SlimFaas/BackoffLimit` (1), `SlimFaas/TtlSecondsAfterFinished` (60), `SlimFaas/RestartPolicy`
 * (Never), `SlimFaas/Schedules`. A container wins over an image of the same name. Pure.
 */
import type { DeclaredJobDefinition, JobEnvironmentEntry, JobResources } from '../jobs.js';
import { LABEL, containerName, csvList, intLabel, roleOf, type Labels } from './labels.js';
import { labelsOf, type InspectedContainer } from './inspected.js';
import { definitionResources } from './resources.js';

export interface LabelledImage {
  Id: string;
  RepoTags?: string[] | null;
  Labels?: Record<string, string> | null;
}

const DEFAULT_RESOURCES = (): JobResources => ({ Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '100m', memory: '100Mi' } });

function definitionOf(name: string, image: string, labels: Labels, resources: JobResources, environments: JobEnvironmentEntry[] | null): DeclaredJobDefinition {
  const whitelist = csvList(labels[LABEL.jobImagesWhitelist]) ?? [];
  return {
    name,
    Image: image,
    ImagesWhitelist: whitelist.includes(image) ? whitelist : [...whitelist, image],
    Resources: resources,
    DependsOn: csvList(labels[LABEL.dependsOn]),
    Environments: environments,
    BackoffLimit: intLabel(labels['SlimFaas/BackoffLimit'], 1),
    Visibility: labels['SlimFaas/DefaultVisibility'] ?? 'Private',
    NumberParallelJob: intLabel(labels['SlimFaas/NumberParallelJob'], 1),
    TtlSecondsAfterFinished: intLabel(labels[LABEL.jobTtl], 60),
    RestartPolicy: labels['SlimFaas/RestartPolicy'] ?? 'Never',
    schedules: labels['SlimFaas/Schedules'] ?? '',
  };
}

/** `A=b` entries of the container that the image does not set identically. */
export function ownEnvironment(containerEnv: readonly string[] | null | undefined, imageEnv: readonly string[] | null | undefined): JobEnvironmentEntry[] | null {
  const inherited = new Set(imageEnv ?? []);
  const own = (containerEnv ?? []).filter((entry) => !inherited.has(entry) && entry.includes('='));
  if (own.length === 0) return null;
  return own.map((entry) => {
    const at = entry.indexOf('=');
    return { Name: entry.slice(0, at), Value: entry.slice(at + 1) };
  });
}

export function containerDefinition(c: InspectedContainer, imageEnv: readonly string[] | null): DeclaredJobDefinition | null {
  const labels = labelsOf(c);
  if (roleOf(c.Name, labels) !== 'job-definition') return null;
  const name = (labels[LABEL.app]?.trim() || containerName(c.Name)).toLowerCase();
  return definitionOf(name, c.Config.Image, labels, definitionResources(c.HostConfig), ownEnvironment(c.Config.Env, imageEnv));
}

export function imageDefinition(image: LabelledImage): DeclaredJobDefinition | null {
  const labels = image.Labels ?? {};
  const name = labels[LABEL.app]?.trim().toLowerCase() ?? '';
  if (name === '' || roleOf('', labels) !== 'job-definition') return null;
  const tag = (image.RepoTags ?? []).find((t) => t !== '<none>:<none>') ?? image.Id;
  return definitionOf(name, tag, labels, DEFAULT_RESOURCES(), null);
}

export function declaredDefinitions(containers: Iterable<InspectedContainer>, images: Iterable<LabelledImage>, imageEnv: (imageRef: string) => readonly string[] | null): DeclaredJobDefinition[] {
  const byName = new Map<string, DeclaredJobDefinition>();
  for (const image of images) {
    const definition = imageDefinition(image);
    if (definition) byName.set(definition.name, definition);
  }
  for (const c of containers) {
    const definition = containerDefinition(c, imageEnv(c.Config.Image));
    if (definition) byName.set(definition.name, definition);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
