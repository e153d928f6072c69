/**
 * Assembles the metric side of autoscaling once per node: the scraped-series store and its shared
 * snapshot, the requested names, trigger queries, the leader's scraper, the telemetry and the
 * debug routes. The composition root registers it in one line and hands its trigger evaluator
 * and telemetry to the scaler.
 */
import type client from 'prom-client';
import type { FunctionEntry, FunctionRegistry } from '../functions/function-registry.js';
import type { ReconcileRunner } from '../cluster/reconcile-runner.js';
import type { Logger } from '../logging.js';
import type { MetricsScrapingSettings } from '../config/settings.js';
import type { Store } from '../store/store.js';
import type { ExtraRoute } from '../gateway/http-server.js';
import type { ReplicaPlan } from '../scaling/plan-replicas.js';
import type { TriggerValue } from '../scaling/autoscaler/trigger-recommendation.js';
import { evaluateTriggers, sharedDeployments } from '../scaling/trigger-values.js';
import { readyPods } from '../model/function-status.js';
import { AutoscalingMetrics } from './autoscaling-metrics.js';
import { handleDebugStore, handlePromqlEval, type DebugDeps } from './debug-routes.js';
import { RequestedNames } from './scrape/requested-names.js';
import { MetricsScraper } from './scrape/scraper.js';
import { SeriesPersistence } from './series/series-persistence.js';
import { SeriesStore } from './series/series-store.js';
import { TriggerQueries } from './trigger-queries.js';

export interface AutoscalingDeps {
  registry: FunctionRegistry;
  store: Store;
  runner: ReconcileRunner;
  settings: MetricsScrapingSettings;
  metricsRegistry: client.Registry;
  logger: Logger;
}

export interface Autoscaling {
  readonly routes: ExtraRoute[];
  /** `entries`: the scaler tick's function list; its shared deployments are computed once per list. */
  triggerValues(entry: FunctionEntry, nowMs: number, entries: readonly FunctionEntry[]): TriggerValue[];
  onAutoscale(entry: FunctionEntry, plan: ReplicaPlan): void;
  onFunctions(names: ReadonlySet<string>): void;
  start(): void;
  stop(): Promise<void>;
}

export function createAutoscaling(deps: AutoscalingDeps): Autoscaling {
  const series = new SeriesStore();
  const names = new RequestedNames();
  const queries = new TriggerQueries(names, deps.logger);
  const telemetry = new AutoscalingMetrics(deps.metricsRegistry);
  const scraper = new MetricsScraper({
    registry: deps.registry,
    series,
    names,
    queries,
    persistence: new SeriesPersistence(deps.store, series),
    runner: deps.runner,
    settings: deps.settings,
    telemetry,
    logger: deps.logger,
  });
  const sharedByTick = new WeakMap<readonly FunctionEntry[], string[]>();
  const sharedOf = (entries: readonly FunctionEntry[]): string[] => {
    let shared = sharedByTick.get(entries);
    if (!shared) sharedByTick.set(entries, (shared = sharedDeployments(entries)));
    return shared;
  };
  const debug: DebugDeps = { series, names, enableScraping: () => scraper.enableGuard(), shared: () => sharedDeployments(deps.registry.list()) };
  return {
    routes: [
      { path: '/debug/promql/eval', methods: new Set(['POST']), handle: (req, res) => handlePromqlEval(debug, req, res) },
      { path: '/debug/store', methods: new Set(['GET']), handle: (req, res) => handleDebugStore(debug, req, res) },
    ],
    triggerValues: (entry, nowMs, entries) => evaluateTriggers(series, queries, entry, nowMs, sharedOf(entries)),
    onAutoscale: (entry, plan) => {
      if (plan.autoscaler) telemetry.autoscaled(entry.name, plan.autoscaler, readyPods(entry.workload).length);
    },
    onFunctions: (present) => telemetry.retain(present),
    start: () => scraper.start(),
    stop: () => scraper.stop(),
  };
}
