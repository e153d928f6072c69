/**
 * A function's trigger values at one instant (autoscaling.md §3.3, decisions 3, 4 and 15): each
 * trigger query is evaluated over the series of the function's own replicas, of SlimFaas's nodes
 * (so the queue gauges are usable) and of the functions annotated `SlimFaas/SharedMetrics: "true"`
 * (beyond upstream: a metrics exporter such as slimfaas-kafka), and becomes one number — a scalar, or a vector's values
 * summed — or `null` ("no data") when it is empty, not finite, fails, or does not parse.
 */
import { evaluateInstantOn, resultAsNumber } from '../promql/index.js';
import type { FunctionEntry } from '../functions/function-registry.js';
import type { SeriesStore } from '../metrics/series/series-store.js';
import type { TriggerQueries } from '../metrics/trigger-queries.js';
import { SLIMFAAS_DEPLOYMENT } from '../metrics/scrape/scrape-targets.js';
import type { TriggerValue } from './autoscaler/trigger-recommendation.js';

export const SHARED_METRICS_ANNOTATION = 'SlimFaas/SharedMetrics';

/** The deployment keys whose series every function's triggers see: SlimFaas's nodes and the shared exporters. */
export function sharedDeployments(entries: readonly FunctionEntry[]): string[] {
  const shared = [SLIMFAAS_DEPLOYMENT];
  for (const e of entries) if (e.workload.annotations[SHARED_METRICS_ANNOTATION]?.trim().toLowerCase() === 'true') shared.push(e.name);
  return shared;
}

export function evaluateTriggers(series: SeriesStore, queries: TriggerQueries, entry: FunctionEntry, nowMs: number, shared: readonly string[] = [SLIMFAAS_DEPLOYMENT]): TriggerValue[] {
  const source = series.source(new Set([entry.name, ...shared]));
  return (entry.config.scale?.Triggers ?? []).map((trigger) => {
    const parsed = queries.parsed(trigger.Query);
    if (!parsed) return null;
    try {
      const value = resultAsNumber(evaluateInstantOn(source, parsed, nowMs));
      return value !== undefined && Number.isFinite(value) ? value : null;
    } catch {
      return null;
    }
  });
}
