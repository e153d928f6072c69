/**
 * Leader loop that reconciles replica counts from activity (functions.md §6.6): every
 * `Workers:ScaleReplicasDelayMilliseconds`, and at once when activity arrives for a function
 * below its start count (so a wake from zero does not wait for the next tick).
 */
import type { FunctionRegistry, FunctionEntry } from '../functions/function-registry.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { Leadership } from '../cluster/leadership.js';
import type { Logger } from '../logging.js';
import { readyPods } from '../model/function-status.js';
import type { ActivityTracker } from './activity-tracker.js';
import { decideReplicas } from './decide-replicas.js';
import { CoalescedTask } from '../util/coalesced-task.js';

const PROCESS_PREFIX = 'processes:';

export class Scaler {
  private timer: NodeJS.Timeout | null = null;
  private readonly reconciler = new CoalescedTask(
    () => this.reconcile(),
    (err) => this.logger.warn(`scaler: ${err.message}`),
  );
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly orchestrator: Orchestrator,
    private readonly activity: ActivityTracker,
    private readonly leadership: Leadership,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly scaledUpByDefaultWhenNeverCalled: boolean,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): void {
    this.unsubscribe = this.activity.onWake((name) => {
      const entry = this.registry.get(name);
      const belowStart = (e: FunctionEntry | undefined) => e !== undefined && e.workload.replicas < Math.max(1, e.config.replicasMin);
      if (belowStart(entry) || this.registry.list().some((e) => e.config.replicasStartAsSoonAsOneFunctionRetrieveARequest && belowStart(e))) {
        this.kick();
      }
    });
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** Runs one reconciliation now (coalesced with one already running). */
  kick(): Promise<void> {
    return this.reconciler.run();
  }

  private async reconcile(): Promise<void> {
    if (!this.leadership.isLeader()) return;
    const entries = this.registry.list();
    const now = this.clock();
    let changed = false;
    for (const entry of entries) {
      const desired = this.desiredFor(entry, entries, now);
      if (desired !== entry.workload.replicas) {
        this.logger.info(`scaling ${entry.name} from ${entry.workload.replicas} to ${desired}`);
        await this.orchestrator.setReplicas(entry.name, desired);
        changed = true;
      }
    }
    if (changed) await this.registry.refresh();
  }

  private desiredFor(entry: FunctionEntry, all: FunctionEntry[], now: number): number {
    const { config } = entry;
    const last = config.replicasStartAsSoonAsOneFunctionRetrieveARequest
      ? this.activity.newestActivity()
      : this.activity.lastActivity(entry.name);
    const dependents = all.filter((g) => g.config.dependsOn.includes(entry.name)).map((g) => this.activity.lastActivity(g.name));
    return decideReplicas({
      nowMs: now,
      currentReplicas: entry.workload.replicas,
      replicasMin: config.replicasMin,
      replicasAtStart: config.replicasAtStart,
      timeoutSeconds: config.timeoutSecondBeforeSetReplicasMin,
      lastActivityMs: last,
      dependentsActivityMs: dependents,
      dependenciesReady: this.dependenciesReady(entry),
      scaledUpByDefaultWhenNeverCalled: this.scaledUpByDefaultWhenNeverCalled,
    });
  }

  private dependenciesReady(entry: FunctionEntry): boolean {
    for (const dependency of entry.config.dependsOn) {
      if (dependency.startsWith(PROCESS_PREFIX)) {
        if (!this.registry.processes[dependency.slice(PROCESS_PREFIX.length)]) return false;
        continue;
      }
      const other = this.registry.get(dependency);
      if (other && readyPods(other.workload).length < other.config.replicasAtStart) return false;
    }
    return true;
  }
}
