/**
 * Leader loop that reconciles replica counts (autoscaling.md §2.1, §2.6): every
 * `Workers:ScaleReplicasDelayMilliseconds`, and at once when activity arrives for a function
 * below its start count (so a wake from zero does not wait for the next tick). Each function's
 * plan comes from the pure `planReplicas` (activity, schedule, dependencies, and the N→M result
 * of its triggers evaluated over the scraped series); the loop keeps each function's autoscaler
 * state, publishes the §6.2 telemetry and issues the scale requests of one tick concurrently.
 */
import type { FunctionRegistry, FunctionEntry } from '../functions/function-registry.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { LoopHandle, ReconcileRunner } from '../cluster/reconcile-runner.js';
import type { Logger } from '../logging.js';
import { readyPods, hasStartFailure } from '../model/function-status.js';
import type { ActivityTracker } from './activity-tracker.js';
import { planReplicas } from './plan-replicas.js';
import { emptyAutoscalerState, type AutoscalerState } from './autoscaler/autoscaler-state.js';
import { metricsApply } from './autoscaler/compute-desired-replicas.js';
import { createZoneCache } from './schedule/zoned-time.js';
import type { TriggerValue } from './autoscaler/trigger-recommendation.js';

const PROCESS_PREFIX = 'processes:';

export interface ScalerOptions {
  registry: FunctionRegistry;
  orchestrator: Orchestrator;
  activity: ActivityTracker;
  /** Runs the loop while this node leads. */
  runner: ReconcileRunner;
  logger: Logger;
  intervalMs: number;
  scaledUpByDefaultWhenNeverCalled: boolean;
  /**
   * Evaluates a function's trigger queries at `nowMs` (`null` = no data), in trigger order;
   * `entries` is the tick's function list, the same array for every function of one tick.
   */
  triggerValues: (entry: FunctionEntry, nowMs: number, entries: readonly FunctionEntry[]) => TriggerValue[];
  /** Receives each N→M computation (telemetry). */
  onAutoscale?: (entry: FunctionEntry, plan: ReturnType<typeof planReplicas>) => void;
  /** Functions currently known (telemetry clean-up). */
  onFunctions?: (names: ReadonlySet<string>) => void;
  clock?: () => number;
}

export class Scaler {
  private loop: LoopHandle | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly states = new Map<string, AutoscalerState>();
  private readonly warned = new Map<string, string>();
  private readonly zones = createZoneCache();
  private readonly clock: () => number;

  constructor(private readonly o: ScalerOptions) {
    this.clock = o.clock ?? Date.now;
  }

  start(): void {
    const { registry } = this.o;
    this.unsubscribe = this.o.activity.onWake((name) => {
      const entry = registry.get(name);
      const belowStart = (e: FunctionEntry | undefined) => e !== undefined && e.workload.replicas < Math.max(1, e.config.replicasMin);
      if (belowStart(entry) || registry.list().some((e) => e.config.replicasStartAsSoonAsOneFunctionRetrieveARequest && belowStart(e))) {
        this.kick();
      }
    });
    this.loop = this.o.runner.add({ name: 'scaler', everyMs: this.o.intervalMs, reconcile: () => this.reconcile() });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Runs one reconciliation now (coalesced with one already running). */
  kick(): void {
    this.loop?.wake();
  }

  private async reconcile(): Promise<void> {
    const entries = this.o.registry.list();
    const now = this.clock();
    const requests: Array<Promise<void>> = [];
    for (const entry of entries) {
      if (entry.virtual) continue; // WebSocket functions are not scaled (their connections are their pods)
      const desired = this.plan(entry, entries, now);
      if (desired === entry.workload.replicas) continue;
      this.o.logger.info(`scaling ${entry.name} from ${entry.workload.replicas} to ${desired}`);
      requests.push(this.o.orchestrator.setReplicas(entry.name, desired));
    }
    const names = new Set(entries.map((e) => e.name));
    for (const name of [...this.states.keys()]) if (!names.has(name)) this.states.delete(name);
    this.o.onFunctions?.(names);
    if (requests.length === 0) return;
    await Promise.all(requests);
    await this.o.registry.refresh();
  }

  private plan(entry: FunctionEntry, all: FunctionEntry[], now: number): number {
    const { config, workload } = entry;
    const current = workload.replicas;
    const plan = planReplicas(
      {
        config,
        currentReplicas: current,
        lastActivityMs: config.replicasStartAsSoonAsOneFunctionRetrieveARequest ? this.o.activity.newestActivity() : this.o.activity.lastActivity(entry.name),
        dependentsActivityMs: all.filter((g) => g.config.dependsOn.includes(entry.name)).map((g) => this.o.activity.lastActivity(g.name)),
        scaledUpByDefaultWhenNeverCalled: this.o.scaledUpByDefaultWhenNeverCalled,
        dependenciesReady: this.dependenciesReady(entry),
        startFailure: workload.pods.some((p) => hasStartFailure(p)),
        triggerValues: metricsApply(config.scale, current) ? this.o.triggerValues(entry, now, all) : [],
      },
      this.states.get(entry.name) ?? emptyAutoscalerState(),
      now,
      this.zones,
    );
    this.states.set(entry.name, plan.state);
    this.logWarnings(entry.name, plan.warnings);
    if (plan.autoscaler) this.o.onAutoscale?.(entry, plan);
    // The orchestrator enforces its own ceiling (native local: the ports it can allocate).
    return workload.maxReplicas !== undefined ? Math.min(plan.desired, Math.max(workload.maxReplicas, current)) : plan.desired;
  }

  /** Schedule problems are logged when they change, not every tick. */
  private logWarnings(name: string, warnings: string[]): void {
    const text = warnings.join('; ');
    if (text === (this.warned.get(name) ?? '')) return;
    this.warned.set(name, text);
    if (text) this.o.logger.warn(`schedule of ${name}: ${text}`);
  }

  private dependenciesReady(entry: FunctionEntry): boolean {
    for (const dependency of entry.config.dependsOn) {
      if (dependency.toLowerCase().startsWith(PROCESS_PREFIX)) {
        if (!this.o.registry.processes[dependency.slice(PROCESS_PREFIX.length)]) return false;
        continue;
      }
      const other = this.o.registry.get(dependency);
      if (other && readyPods(other.workload).length < other.config.replicasAtStart) return false;
    }
    return true;
  }
}
