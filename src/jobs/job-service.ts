/**
 * The job domain behind the routes, the dispatcher and the scheduler (jobs.md §4, §7–§9): the
 * current catalogue, the durable queue, dynamic schedules and the cache of runs the orchestrator
 * knows. Every answer is a value; routes only map them to HTTP.
 */
import type { Store } from '../store/store.js';
import type { JobInfo, JobOrchestrator } from '../orchestrator/jobs.js';
import type { Logger } from '../logging.js';
import { catalogueFromConfiguration, isPrivate, mergeCatalogue, resolveDefinition, type JobCatalogue } from './job-definition.js';
import { buildRun, type JobRequest } from './job-request.js';
import { JobQueue, type QueuedRun } from './job-queue.js';
import { ScheduleStore } from './schedule-store.js';
import { staticScheduleId, type ScheduleEntry } from './schedule-entry.js';
import { nextOccurrence } from './cron.js';

export type TriggerResult = { ok: true; id: string; run: QueuedRun } | { ok: false; reason: 'visibility_private' | 'image_not_allowed' };

export interface ListedRun {
  Name: string;
  Status: string;
  Id: string;
  PositionInQueue: number;
  InQueueTimestamp: string;
  StartTimestamp: string;
}

export interface JobServiceOptions {
  store: Store;
  orchestrator: JobOrchestrator;
  /** `SlimFaas:JobsConfiguration`. */
  configuration: string | null;
  logger: Logger;
  clock?: () => number;
}

export class JobService {
  readonly queue: JobQueue;
  readonly schedules: ScheduleStore;
  private readonly base: JobCatalogue;
  private current: JobCatalogue;
  private known: JobInfo[] = [];
  private readonly clock: () => number;
  private reported = new Set<string>();

  constructor(private readonly o: JobServiceOptions) {
    this.clock = o.clock ?? Date.now;
    this.queue = new JobQueue(o.store);
    this.schedules = new ScheduleStore(o.store);
    this.base = catalogueFromConfiguration(o.configuration);
    this.current = this.base;
    this.logWarnings(this.base.warnings);
  }

  get catalogue(): JobCatalogue {
    return this.current;
  }

  /** Runs the orchestrator knows, as of the last refresh. */
  get knownJobs(): readonly JobInfo[] {
    return this.known;
  }

  async refreshCatalogue(): Promise<void> {
    const declared = await this.o.orchestrator.listJobDefinitions().catch(() => null);
    this.current = mergeCatalogue(this.base, declared, this.current);
    this.logWarnings(this.current.warnings);
  }

  async refreshJobs(): Promise<readonly JobInfo[]> {
    this.known = await this.o.orchestrator.listJobs();
    return this.known;
  }

  /** `POST /job/{name}` after name and body checks; `name` is the validated, lower-cased one. */
  async trigger(name: string, request: JobRequest, internal: boolean): Promise<TriggerResult> {
    const { name: resolved, definition } = resolveDefinition(this.current, name);
    if (isPrivate(definition) && !internal) return { ok: false, reason: 'visibility_private' };
    const run = buildRun(definition, request);
    if (run === 'image_not_allowed') return { ok: false, reason: run };
    const queued = await this.queue.enqueue(resolved, run, this.clock());
    return { ok: true, id: queued.id, run: queued };
  }

  /** `GET /job/{name}`: the definition's known runs newest first (-1, -2…), then its queued runs (0, 1…). */
  async list(name: string): Promise<ListedRun[]> {
    const definition = name.toLowerCase();
    const known = this.known
      .filter((job) => job.name.startsWith(`${definition}-slimfaas-job-`))
      .sort((a, b) => compareTicks(b.inQueueTicks, a.inQueueTicks))
      .map((job, i): ListedRun => ({ Name: job.name, Status: job.status, Id: job.elementId, PositionInQueue: -(i + 1), InQueueTimestamp: job.inQueueTicks || '0', StartTimestamp: job.startTicks || '0' }));
    const queued = (await this.queue.available(definition, this.clock())).map(
      (run, i): ListedRun => ({ Name: run.runName, Status: 'Queued', Id: run.id, PositionInQueue: i, InQueueTimestamp: run.inQueueTicks, StartTimestamp: '-1' }),
    );
    return [...known, ...queued];
  }

  /** `DELETE /job/{name}/{id}`: a queued run is removed, a known run deleted; else not found. */
  async cancel(name: string, id: string, internal: boolean): Promise<'ok' | 'not_found'> {
    const { name: resolved, definition } = resolveDefinition(this.current, name);
    if (isPrivate(definition) && !internal) return 'not_found';
    if (await this.queue.has(resolved, id)) {
      await this.queue.remove(resolved, id);
      return 'ok';
    }
    const job = this.known.find((j) => j.elementId === id && id !== '');
    if (job && (await this.o.orchestrator.deleteJob(job.name))) return 'ok';
    return 'not_found';
  }

  /** `POST /job-schedules/{name}` after name, body and cron checks. */
  async addSchedule(name: string, entry: ScheduleEntry, internal: boolean): Promise<{ ok: true; id: string } | { ok: false }> {
    const { name: resolved, definition } = resolveDefinition(this.current, name);
    if (isPrivate(definition) && !internal) return { ok: false };
    if (buildRun(definition, { Args: entry.Args, Image: entry.Image, Resources: entry.Resources, Environments: entry.Environments, DependsOn: entry.DependsOn }) === 'image_not_allowed') return { ok: false };
    return { ok: true, id: await this.schedules.add(resolved, entry, this.clock()) };
  }

  async deleteSchedule(name: string, id: string, internal: boolean): Promise<'deleted' | 'forbidden' | 'not_found'> {
    const { name: resolved, definition } = resolveDefinition(this.current, name);
    if (isPrivate(definition) && !internal) return 'forbidden';
    return (await this.schedules.remove(resolved, id)) ? 'deleted' : 'not_found';
  }

  /** Static and dynamic schedules of a definition, static first (content-hash ids). */
  async allSchedules(definition: string): Promise<Array<{ id: string; entry: ScheduleEntry; isStatic: boolean }>> {
    const statics = (this.current.schedules.get(definition) ?? []).map((entry) => ({ id: staticScheduleId(entry), entry, isStatic: true }));
    const dynamics = (await this.schedules.list(definition)).map((s) => ({ ...s, isStatic: false }));
    return [...statics, ...dynamics];
  }

  /** `GET /jobs/status` (jobs.md §9), in catalogue order. */
  async status(): Promise<unknown[]> {
    const now = this.clock();
    const out: unknown[] = [];
    for (const [name, d] of this.current.definitions) {
      const schedules = (await this.allSchedules(name)).map(({ id, entry }) => {
        const next = nextOccurrence(entry.Schedule, now);
        return { Id: id, Schedule: entry.Schedule, Image: entry.Image, NextExecutionTimestamp: next === null ? null : Math.floor(next / 1000), Resources: entry.Resources, DependsOn: entry.DependsOn };
      });
      out.push({
        Name: name === 'default' ? 'Default' : name,
        Visibility: d.Visibility,
        Image: d.Image,
        ImagesWhitelist: d.ImagesWhitelist,
        NumberParallelJob: d.NumberParallelJob,
        Resources: d.Resources,
        DependsOn: d.DependsOn,
        Schedules: schedules,
        RunningJobs: this.known
          .filter((job) => job.name.toLowerCase().startsWith(`${name}-slimfaas-job-`))
          .map((job) => ({ Name: job.name, Status: job.status, ElementId: job.elementId, InQueueTimestamp: job.inQueueTicks, StartTimestamp: job.startTicks })),
      });
    }
    return out;
  }

  private logWarnings(warnings: string[]): void {
    for (const warning of warnings) {
      if (this.reported.has(warning)) continue;
      this.reported.add(warning);
      this.o.logger.error(warning);
    }
  }
}

function compareTicks(a: string, b: string): number {
  const x = BigInt(a || '0');
  const y = BigInt(b || '0');
  return x < y ? -1 : x > y ? 1 : 0;
}
