/**
 * Job runs as containers (platform.md §2.3.5): creation is idempotent per run name (one creation
 * at a time per name in this process; an existing container is kept, and started only if it was
 * created and never started, as after a crash between the two calls); the image is pulled when
 * missing and a failed pull is an `ImagePullBackOff` run kept in memory for its TTL; deletion
 * stops then removes; finished runs past their TTL are hidden at once and removed by `sweep`.
 */
import type { Logger } from '../../logging.js';
import type { JobInfo, JobRunSpec } from '../jobs.js';
import type { ContainerCache } from './container-cache.js';
import { ensureImage, inspectContainer, statusOf, stopAndRemove, type Docker } from './engine.js';
import type { Location } from './engine-location.js';
import { labelsOf, timeMs, type InspectedContainer } from './inspected.js';
import { jobExpiresAt, jobInfoOf } from './job-status.js';
import { jobSpec } from './job-spec.js';
import { LABEL, roleOf } from './labels.js';

export interface JobRunsOptions {
  docker: Docker;
  cache: ContainerCache;
  namespace: string;
  location: Location;
  stopGraceSeconds: number;
  logger: Logger;
  changed(): void;
  now?: () => number;
}

interface PullFailure {
  info: JobInfo;
  expiresAt: number;
}

export class JobRuns {
  private readonly creating = new Map<string, Promise<void>>();
  private readonly pullFailures = new Map<string, PullFailure>();
  private readonly now: () => number;

  constructor(private readonly o: JobRunsOptions) {
    this.now = o.now ?? Date.now;
  }

  private runContainers(): InspectedContainer[] {
    return this.o.cache.all().filter((c) => roleOf(c.Name, labelsOf(c)) === 'job-run');
  }

  private ours(c: InspectedContainer | null): c is InspectedContainer {
    return c !== null && roleOf(c.Name, labelsOf(c)) === 'job-run' && labelsOf(c)[LABEL.namespace] === this.o.namespace;
  }

  list(): JobInfo[] {
    const now = this.now();
    const runs = this.runContainers()
      .filter((c) => (jobExpiresAt(c) ?? Infinity) > now)
      .map(jobInfoOf);
    for (const failure of this.pullFailures.values()) if (failure.expiresAt > now) runs.push(failure.info);
    return runs;
  }

  create(run: JobRunSpec): Promise<void> {
    const pending = this.creating.get(run.name);
    if (pending) return pending;
    const creation = this.createOnce(run).finally(() => this.creating.delete(run.name));
    this.creating.set(run.name, creation);
    return creation;
  }

  private async createOnce(run: JobRunSpec): Promise<void> {
    if (this.pullFailures.has(run.name)) return;
    const existing = await inspectContainer(this.o.docker, run.name);
    if (existing) {
      if (!this.ours(existing)) throw new Error(`a container named ${run.name} exists and is not a run of namespace ${this.o.namespace}`);
      const neverStarted = existing.State.Status === 'created' && !existing.State.Error && timeMs(existing.State.StartedAt) === null;
      if (neverStarted) await this.start(existing.Id, run.name);
      await this.o.cache.refresh(existing.Id);
      return;
    }
    try {
      await ensureImage(this.o.docker, run.image);
    } catch (err) {
      this.o.logger.warn(`docker: job ${run.name}: pulling ${run.image} failed: ${(err as Error).message}`);
      this.recordPullFailure(run);
      return;
    }
    const { spec, skipped } = jobSpec(run, {
      namespace: this.o.namespace,
      network: this.o.location.network,
      hostGateway: this.o.location.addressing.kind === 'host',
    });
    if (skipped.length > 0) this.o.logger.warn(`docker: job ${run.name}: only literal variables are passed; skipped ${skipped.join(', ')}`);
    let id: string;
    try {
      id = (await this.o.docker.createContainer(spec as Parameters<Docker['createContainer']>[0])).id;
    } catch (err) {
      // Another SlimFaas process created it between our look-up and our creation.
      if (statusOf(err) === 409) return;
      throw err;
    }
    await this.start(id, run.name);
    await this.o.cache.refresh(id);
  }

  /** A start the engine refuses leaves the container `created` with its error: the run is Failed. */
  private async start(id: string, name: string): Promise<void> {
    try {
      await this.o.docker.getContainer(id).start();
    } catch (err) {
      if (statusOf(err) === 304) return;
      this.o.logger.warn(`docker: job ${name} could not start: ${(err as Error).message}`);
    }
  }

  private recordPullFailure(run: JobRunSpec): void {
    this.pullFailures.set(run.name, {
      info: {
        name: run.name,
        status: 'ImagePullBackOff',
        elementId: run.elementId,
        inQueueTicks: run.inQueueTicks,
        startTicks: run.startTicks,
        ips: [],
        dependsOn: run.dependsOn ?? [],
      },
      expiresAt: this.now() + Math.max(0, run.ttlSecondsAfterFinished) * 1000,
    });
    this.o.changed();
  }

  async delete(name: string): Promise<boolean> {
    await this.creating.get(name)?.catch(() => undefined);
    if (this.pullFailures.delete(name)) {
      this.o.changed();
      return true;
    }
    const cached = this.runContainers().find((c) => labelsOf(c)[LABEL.jobName] === name);
    const found = await inspectContainer(this.o.docker, cached?.Id ?? name);
    if (!this.ours(found)) return false;
    const removed = await stopAndRemove(this.o.docker, found.Id, this.o.stopGraceSeconds);
    await this.o.cache.refresh(found.Id);
    return removed;
  }

  /** Removes finished runs past their TTL; returns when the next one expires (null: none). */
  async sweep(): Promise<number | null> {
    const now = this.now();
    let next: number | null = null;
    const expired: string[] = [];
    for (const c of this.runContainers()) {
      const at = jobExpiresAt(c);
      if (at === null) continue;
      if (at <= now) expired.push(c.Id);
      else next = Math.min(next ?? at, at);
    }
    for (const [name, failure] of this.pullFailures) {
      if (failure.expiresAt <= now) this.pullFailures.delete(name);
      else next = Math.min(next ?? failure.expiresAt, failure.expiresAt);
    }
    await Promise.all(
      expired.map(async (id) => {
        await stopAndRemove(this.o.docker, id, 0);
        await this.o.cache.refresh(id);
      }),
    );
    return next;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.creating.values()].map((p) => p.catch(() => undefined)));
  }
}
