/**
 * The job definitions the engine declares, kept current off the request path: labelled images
 * listed with every full listing, labelled containers from the container view, and the
 * environment of each such container's image (learnt once per image reference) so that only
 * the container's own variables are advertised; a container whose image environment is not known
 * yet is left out until it is.
 */
import type { DeclaredJobDefinition } from '../jobs.js';
import type { ContainerCache } from './container-cache.js';
import { imageEnvironment, type Docker } from './engine.js';
import { declaredDefinitions, type LabelledImage } from './job-definitions.js';
import { labelsOf } from './inspected.js';
import { LABEL, roleOf } from './labels.js';

export class JobDefinitionSource {
  private images: LabelledImage[] = [];
  private readonly imageEnv = new Map<string, string[] | null>();

  constructor(
    private readonly docker: Docker,
    private readonly namespace: string,
    private readonly cache: ContainerCache,
    private readonly changed: () => void,
  ) {}

  list(): DeclaredJobDefinition[] {
    const containers = this.cache.all().filter((c) => roleOf(c.Name, labelsOf(c)) !== 'job-definition' || this.imageEnv.has(c.Config.Image));
    return declaredDefinitions(containers, this.images, (ref) => this.imageEnv.get(ref) ?? null);
  }

  /** Lists the labelled images again. */
  async refreshImages(): Promise<void> {
    const listed = await this.docker.listImages({ filters: { label: [LABEL.job, `${LABEL.namespace}=${this.namespace}`] } });
    const images: LabelledImage[] = listed
      .map((i) => ({ Id: i.Id, RepoTags: i.RepoTags ?? null, Labels: i.Labels ?? null }))
      .sort((a, b) => a.Id.localeCompare(b.Id));
    if (JSON.stringify(images) !== JSON.stringify(this.images)) {
      this.images = images;
      this.changed();
    }
  }

  /** Learns the image environment of definition containers not seen before. */
  async refreshEnvironments(): Promise<void> {
    const refs = new Set(
      this.cache
        .all()
        .filter((c) => roleOf(c.Name, labelsOf(c)) === 'job-definition')
        .map((c) => c.Config.Image)
        .filter((ref) => !this.imageEnv.has(ref)),
    );
    let learnt = false;
    for (const ref of refs) {
      this.imageEnv.set(ref, await imageEnvironment(this.docker, ref));
      learnt = true;
    }
    if (learnt) this.changed();
  }
}
