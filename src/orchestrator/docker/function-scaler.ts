/**
 * Scaling a function (platform.md §2.3.4): the requested count is the function's desired count
 * at once and until the live replicas match it; each function reconciles alone (calls during a
 * run coalesce into one more): a template is made first when there is none (cloned from a
 * replica), dead replicas are removed, surplus replicas go (not-ready, then newest, first) and
 * missing ones are created from the template and started. A reconcile that could not finish is
 * retried at the next listing. Replicas created but never started are started.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../logging.js';
import { CoalescedTask } from '../../util/coalesced-task.js';
import type { ContainerCache } from './container-cache.js';
import type { CreateSpec } from './create-spec.js';
import { statusOf, stopAndRemove, type Docker } from './engine.js';
import type { Location } from './engine-location.js';
import { isLive, type InspectedContainer } from './inspected.js';
import { primaryNetwork, replicaSpec, templateName, templateSpec } from './replica-spec.js';
import { groupFunctions, liveReplicas, podOf, type FunctionGroup } from './topology-map.js';

export interface FunctionScalerOptions {
  docker: Docker;
  cache: ContainerCache;
  location: Location;
  stopGraceSeconds: number;
  logger: Logger;
}

const MAX_TEMPLATE_NAMES = 20;

export class FunctionScaler {
  private readonly targets = new Map<string, number>();
  private readonly tasks = new Map<string, CoalescedTask>();

  constructor(private readonly o: FunctionScalerOptions) {}

  /** Requested counts not reached yet. */
  desired(): ReadonlyMap<string, number> {
    return this.targets;
  }

  exists(name: string): boolean {
    return groupFunctions(this.o.cache.all()).has(name);
  }

  /** Records the count and starts reconciling (not awaited: the engine may take seconds). */
  request(name: string, replicas: number): Promise<void> {
    this.targets.set(name, replicas);
    return this.taskOf(name).run();
  }

  /** Retries the functions whose count is not reached. */
  resume(): Promise<void> {
    return Promise.all([...this.targets.keys()].map((name) => this.taskOf(name).run())).then(() => undefined);
  }

  async idle(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((t) => t.idle()));
  }

  private taskOf(name: string): CoalescedTask {
    let task = this.tasks.get(name);
    if (!task) {
      task = new CoalescedTask(() => this.reconcile(name), (err) => this.o.logger.warn(`docker: scaling ${name} failed: ${err.message}`));
      this.tasks.set(name, task);
    }
    return task;
  }

  private group(name: string): FunctionGroup | undefined {
    return groupFunctions(this.o.cache.all()).get(name);
  }

  private async reconcile(name: string): Promise<void> {
    if (this.targets.get(name) === undefined) return;
    let group = this.group(name);
    if (!group) {
      this.targets.delete(name);
      return;
    }
    const template = group.templates[0] ?? (await this.makeTemplate(name, group));
    await Promise.all(group.replicas.filter((c) => !isLive(c)).map((c) => this.remove(c.Id)));
    // Read the target only now: a wake-up that arrived while the template was being made must
    // keep the replica serving its call rather than stop it and start others.
    const target = this.targets.get(name);
    if (target === undefined) return;
    group = this.group(name) ?? group;
    const live = liveReplicas(group);
    // Created and never started (a stop between the two calls, or `docker compose create`): start it.
    await Promise.all(live.filter((c) => c.State.Status === 'created' && !c.State.Error).map((c) => this.start(c.Id)));
    if (live.length > target) {
      const surplus = this.surplusOrder(live).slice(0, live.length - target);
      await Promise.all(surplus.map((c) => this.remove(c.Id)));
    } else if (live.length < target) {
      if (!template) throw new Error(`function ${name} has neither a template nor a replica to clone`);
      await Promise.all(Array.from({ length: target - live.length }, () => this.createReplica(name, template)));
    }
    group = this.group(name);
    if (this.targets.get(name) === target && group && liveReplicas(group).length === target) this.targets.delete(name);
  }

  /** Not ready first, then newest first. */
  private surplusOrder(live: InspectedContainer[]): InspectedContainer[] {
    const ready = (c: InspectedContainer) => (podOf(c, this.o.location.addressing).ready ? 1 : 0);
    return [...live].sort((a, b) => ready(a) - ready(b) || (b.Created ?? '').localeCompare(a.Created ?? ''));
  }

  private async makeTemplate(name: string, group: FunctionGroup): Promise<InspectedContainer | undefined> {
    const source = liveReplicas(group)[0] ?? group.replicas[0];
    if (!source) return undefined;
    const own = primaryNetwork(source);
    const network = this.o.location.addressing.kind === 'network' ? this.o.location.network ?? own : own;
    const ctx = { project: this.o.location.project };
    for (let attempt = 0; attempt < MAX_TEMPLATE_NAMES; attempt++) {
      const spec = templateSpec(source, name, templateName(name, attempt), ctx, network);
      const id = await this.create(spec);
      if (id === null) continue;
      await this.o.cache.refresh(id);
      this.o.logger.info(`docker: template ${spec.name} created for ${name}`);
      return this.o.cache.get(id);
    }
    throw new Error(`no free template name for ${name}`);
  }

  /** Creates a container; null when the name is taken. */
  private async create(spec: CreateSpec): Promise<string | null> {
    try {
      const { name, ...body } = spec;
      const container = await this.o.docker.createContainer({ name, ...body } as Parameters<Docker['createContainer']>[0]);
      return container.id;
    } catch (err) {
      if (statusOf(err) === 409) return null;
      throw err;
    }
  }

  private async createReplica(name: string, template: InspectedContainer): Promise<void> {
    const mode = this.o.location.addressing.kind;
    for (let attempt = 0; ; attempt++) {
      const replicaName = `${name}-${randomBytes(4).toString('hex')}`;
      const id = await this.create(replicaSpec(template, name, replicaName, { project: this.o.location.project }, mode));
      if (id === null) continue;
      try {
        await this.start(id);
        return;
      } catch (err) {
        // A host port taken between allocation and start: try again with fresh ports, once.
        await this.remove(id);
        if (attempt >= 1) throw err;
      }
    }
  }

  private async start(id: string): Promise<void> {
    await this.o.docker.getContainer(id).start().catch((err: unknown) => {
      if (statusOf(err) !== 304) throw err;
    });
    await this.o.cache.refresh(id);
  }

  private async remove(id: string): Promise<void> {
    this.o.cache.markStopping(id);
    await stopAndRemove(this.o.docker, id, this.o.stopGraceSeconds);
    await this.o.cache.refresh(id);
  }
}
