/**
 * Docker / Compose mode (platform.md §2.3): functions, SlimFaas's own container and job runs as
 * containers of one engine, labelled with the SlimFaas namespace. Every read is served from a
 * view kept current by the engine's events and a full listing every `listIntervalMs`; scaling
 * and runs act on the engine and update the view before resolving. Nothing is wiped at start or
 * stop (decision 8): a new instance over the same engine sees the same functions, replicas,
 * templates and runs.
 */
import { hostname } from 'node:os';
import { silentLogger, type Logger } from '../../logging.js';
import { CoalescedTask } from '../../util/coalesced-task.js';
import { runPeriodically } from '../../util/periodic.js';
import type { Orchestrator, PodInfo, Topology } from '../orchestrator.js';
import type { DeclaredJobDefinition, JobInfo, JobRunSpec } from '../jobs.js';
import { newestLines, type LogLine, type RecentLogsQuery } from '../logs.js';
import { containerLogs } from './container-logs.js';
import { followContainer } from './container-follow.js';
import { mergeAsync } from '../../util/merge-async.js';
import { ContainerCache } from './container-cache.js';
import { connectEngine, inspectContainer, type Docker } from './engine.js';
import { resolveLocation, socketPathFrom, type HostMode, type Location } from './engine-location.js';
import { watchEvents, type EventWatch } from './event-watch.js';
import { FunctionScaler } from './function-scaler.js';
import type { InspectedContainer } from './inspected.js';
import { JobDefinitionSource } from './job-definition-source.js';
import { JobRuns } from './job-runs.js';
import { LABEL, containerName } from './labels.js';
import { findOwnContainer } from './own-container.js';
import { groupFunctions, podOf, workloadsOf } from './topology-map.js';

export type { HostMode } from './engine-location.js';

export interface DockerOrchestratorOptions {
  /** `SlimFaas:Namespace`: only containers (and images) labelled `SlimFaas/Namespace=<namespace>` exist for it. */
  namespace: string;
  /** Engine socket; default: `DOCKER_HOST` when `unix://<path>`, else `/var/run/docker.sock`. */
  socketPath?: string;
  /**
   * `network`: SlimFaas runs in a container of this engine and calls replicas on their network
   * addresses; `host`: SlimFaas runs on the host and calls `127.0.0.1:<published port>`;
   * `auto` (default): `network` when a container's host name is this process's host name.
   */
  hostMode?: HostMode;
  /** Network new job runs join (network mode: also new templates); default SlimFaas's own network (network mode) or the engine's default bridge (host mode). */
  network?: string;
  /** Host name that identifies SlimFaas's own container (default `os.hostname()`). */
  hostname?: string;
  /** Full listing period (`Workers:ReplicasSynchronizationDelayMilliseconds`, default 3000). */
  listIntervalMs?: number;
  /** Seconds between SIGTERM and SIGKILL when a replica or run is stopped (default 10). */
  stopGraceSeconds?: number;
  logger?: Logger;
  /** Where `DOCKER_HOST` is read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Events that change nothing this orchestrator reads (healthcheck runs are `exec_*` events; their outcome is `health_status`). */
const IGNORED_ACTIONS = /^(exec_|attach|resize|top|copy|archive-path|extract-to-dir|export|commit)/;

interface Running {
  docker: Docker;
  location: Location;
  cache: ContainerCache;
  scaler: FunctionScaler;
  runs: JobRuns;
  definitions: JobDefinitionSource;
  events: EventWatch;
  stopListing: () => void;
  self: InspectedContainer | null;
}

export class DockerOrchestrator implements Orchestrator {
  private readonly logger: Logger;
  private readonly listeners = new Set<() => void>();
  private running: Running | null = null;
  private changeQueued = false;
  private listing: Promise<void> | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly sweeper = new CoalescedTask(() => this.sweep(), (err) => this.logger.warn(`docker: removing expired runs failed: ${err.message}`));
  private readonly environments = new CoalescedTask(
    async () => this.running?.definitions.refreshEnvironments(),
    (err) => this.logger.warn(`docker: reading image environments failed: ${err.message}`),
  );

  constructor(private readonly options: DockerOrchestratorOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** `host` or `network`, once started. */
  get mode(): 'host' | 'network' {
    return this.state().location.addressing.kind;
  }

  /** Connects, finds SlimFaas's own container, lists once and follows the engine's events. */
  async start(): Promise<void> {
    if (this.running) return;
    const socketPath = this.options.socketPath ?? socketPathFrom(this.options.env ?? process.env);
    const docker = await connectEngine(socketPath);
    const self = await this.findSelf(docker);
    const location = resolveLocation(this.options.hostMode ?? 'auto', self, this.options.network);
    const namespace = this.options.namespace;
    const stopGraceSeconds = this.options.stopGraceSeconds ?? 10;
    const changed = (): void => this.changed();
    const cache = new ContainerCache(docker, namespace, changed);
    const running: Running = {
      docker,
      location,
      cache,
      self,
      scaler: new FunctionScaler({ docker, cache, location, stopGraceSeconds, logger: this.logger }),
      runs: new JobRuns({ docker, cache, namespace, location, stopGraceSeconds, logger: this.logger, changed }),
      definitions: new JobDefinitionSource(docker, namespace, cache, changed),
      events: watchEvents({
        docker,
        labelFilter: `${LABEL.namespace}=${namespace}`,
        onContainer: (id, action) => {
          if (IGNORED_ACTIONS.test(action)) return;
          void cache.refresh(id).catch((err: Error) => this.logger.debug(`docker: refreshing ${id} failed: ${err.message}`));
        },
        onReconnect: () => void this.list().catch((err: Error) => this.logger.warn(`docker: listing failed: ${err.message}`)),
        logger: this.logger,
      }),
      stopListing: () => undefined,
    };
    this.running = running;
    try {
      await running.events.ready;
      await this.list();
    } catch (err) {
      running.events.stop();
      this.running = null;
      throw err;
    }
    const every = this.options.listIntervalMs ?? 3000;
    running.stopListing = runPeriodically(() => this.list(), every, every, (err) => this.logger.warn(`docker: listing failed: ${err.message}`));
    this.logger.info(`docker: ${location.addressing.kind} mode, namespace ${namespace}${self ? `, SlimFaas is container ${self.Name.slice(1)}` : ''}`);
  }

  /** Stops following the engine; containers stay as they are. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.stopListing();
    running.events.stop();
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    await this.listing?.catch(() => undefined);
    await Promise.all([running.scaler.idle(), running.runs.idle(), this.sweeper.idle(), this.environments.idle()]);
    await running.cache.idle();
    this.running = null;
  }

  private state(): Running {
    if (!this.running) throw new Error('DockerOrchestrator is not started');
    return this.running;
  }

  private async findSelf(docker: Docker): Promise<InspectedContainer | null> {
    const mode = this.options.hostMode ?? 'auto';
    if (mode === 'host') return null;
    return findOwnContainer(docker, this.options.hostname ?? hostname(), mode === 'network');
  }

  /** One full listing at a time; `stop` waits for the one in progress. */
  private list(): Promise<void> {
    if (this.listing) return this.listing;
    const listing = this.listOnce().finally(() => {
      if (this.listing === listing) this.listing = null;
    });
    this.listing = listing;
    return listing;
  }

  private async listOnce(): Promise<void> {
    const s = this.state();
    const work: Promise<unknown>[] = [s.cache.sync(), s.definitions.refreshImages()];
    if (s.self) work.push(inspectContainer(s.docker, s.self.Id).then((self) => (s.self = self ?? s.self)));
    const results = await Promise.allSettled(work);
    await this.environments.run();
    void s.scaler.resume();
    void this.sweeper.run();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private changed(): void {
    void this.environments.run();
    void this.sweeper.run();
    if (this.changeQueued) return;
    this.changeQueued = true;
    setImmediate(() => {
      this.changeQueued = false;
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch (err) {
          this.logger.warn(`docker: change listener failed: ${(err as Error).message}`);
        }
      }
    });
  }

  private async sweep(): Promise<void> {
    const running = this.running;
    if (!running) return;
    const next = await running.runs.sweep();
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
    if (next !== null && this.running) {
      this.sweepTimer = setTimeout(() => void this.sweeper.run(), Math.max(0, next - Date.now()) + 10);
      this.sweepTimer.unref();
    }
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async listTopology(): Promise<Topology> {
    const s = this.state();
    const nodes: PodInfo[] = s.self ? [podOf(s.self, s.location.addressing)] : [];
    return { functions: workloadsOf(s.cache.all(), s.scaler.desired(), s.location.addressing), slimfaasNodes: nodes, processes: {} };
  }

  async setReplicas(name: string, replicas: number): Promise<void> {
    const s = this.state();
    if (!s.scaler.exists(name)) throw Object.assign(new Error(`Function '${name}' was not found.`), { code: 'NOT_FOUND' });
    const count = Number.isFinite(replicas) ? Math.max(0, Math.trunc(replicas)) : 0;
    void s.scaler.request(name, count);
    this.changed();
  }

  /** From the engine (`container.logs`), for every replica container (live or exited, not templates) or only `query.replica`. */
  async recentLogs(functionName: string, query: RecentLogsQuery): Promise<LogLine[]> {
    const { lists } = await this.tailReplicas(functionName, query);
    return newestLines(lists, query.tail);
  }

  /**
   * The same tail, then each replica container's log followed (container-follow.ts) from just after
   * the last line the tail gave of it (or from the request's start); the containers are those of the
   * request's start (a replica started later is not picked up).
   */
  async *followLogs(functionName: string, query: RecentLogsQuery, signal: AbortSignal): AsyncGenerator<LogLine> {
    const startMs = Date.now();
    const { docker, wanted, lists } = await this.tailReplicas(functionName, query);
    for (const line of newestLines(lists, query.tail)) {
      if (signal.aborted) return;
      yield line;
    }
    yield* mergeAsync(wanted.map((c, i) => {
      const last = lists[i]!.length > 0 ? lists[i]![lists[i]!.length - 1]!.timeMs : startMs - 1;
      return followContainer(docker, c.Id, c.Config.Tty === true, containerName(c.Name), query, last, signal);
    }));
  }

  /** The function's replica containers the query selects, with each one's recent lines (same order). */
  private async tailReplicas(functionName: string, query: RecentLogsQuery): Promise<{ docker: Docker; wanted: InspectedContainer[]; lists: LogLine[][] }> {
    const s = this.state();
    const replicas = groupFunctions(s.cache.all()).get(functionName)?.replicas ?? [];
    const wanted = replicas.filter((c) => query.replica === undefined || containerName(c.Name) === query.replica);
    const lists = await Promise.all(wanted.map((c) => containerLogs(s.docker, c.Id, c.Config.Tty === true, containerName(c.Name), query)));
    return { docker: s.docker, wanted, lists };
  }

  async listJobDefinitions(): Promise<DeclaredJobDefinition[] | null> {
    return this.state().definitions.list();
  }

  async createJob(run: JobRunSpec): Promise<void> {
    await this.state().runs.create(run);
  }

  async listJobs(): Promise<JobInfo[]> {
    return this.state().runs.list();
  }

  async deleteJob(name: string): Promise<boolean> {
    return this.state().runs.delete(name);
  }

  /** Resolves once the scaling and run creations in progress are done (tests, shutdown). */
  async settled(): Promise<void> {
    const s = this.state();
    await Promise.all([s.scaler.idle(), s.runs.idle(), s.cache.idle()]);
  }
}
