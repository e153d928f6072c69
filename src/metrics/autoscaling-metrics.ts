/**
 * The autoscaler and scraper telemetry on `/metrics` (autoscaling.md §6.2, §6.3):
 * `slimfaas_autoscaler_*` per N→M computation, `slimfaas_metrics_scrape_*` per scraped target.
 * Queries never become labels; a function that disappears has its series removed.
 */
import client from 'prom-client';
import type { AutoscaleTelemetry } from '../scaling/autoscaler/compute-desired-replicas.js';
import type { ScrapeFailure } from './scrape/scrape-target.js';

export class AutoscalingMetrics {
  private readonly triggerValue;
  private readonly triggerValid;
  private readonly currentReplicas;
  private readonly desiredReplicas;
  private readonly readyReplicas;
  private readonly lastDecision;
  private readonly lastDecisionLabels = new Map<string, { direction: string; reason: string }>();
  private readonly triggerMetrics = new Map<string, Set<string>>();
  private readonly scrapeDuration;
  private readonly scrapeFailures;
  private readonly scrapeLastSuccess;

  constructor(registry: client.Registry) {
    const registers = [registry];
    this.triggerValue = new client.Gauge({ name: 'slimfaas_autoscaler_trigger_value', help: 'Last valid trigger value (0 when invalid)', labelNames: ['function', 'metric'], registers });
    this.triggerValid = new client.Gauge({ name: 'slimfaas_autoscaler_trigger_valid', help: '1 when the trigger had data, else 0', labelNames: ['function', 'metric'], registers });
    this.currentReplicas = new client.Gauge({ name: 'slimfaas_autoscaler_current_replicas', help: 'Current replicas seen by the autoscaler', labelNames: ['function'], registers });
    this.desiredReplicas = new client.Gauge({ name: 'slimfaas_autoscaler_desired_replicas', help: 'Replicas the N→M autoscaler asks for', labelNames: ['function'], registers });
    this.readyReplicas = new client.Gauge({ name: 'slimfaas_autoscaler_ready_replicas', help: 'Ready replicas', labelNames: ['function'], registers });
    this.lastDecision = new client.Gauge({ name: 'slimfaas_autoscaler_last_decision', help: 'Latest decision (1) by direction and reason', labelNames: ['function', 'direction', 'reason'], registers });
    this.scrapeDuration = new client.Histogram({
      name: 'slimfaas_metrics_scrape_duration_seconds',
      help: 'Duration of one target scrape',
      labelNames: ['function'],
      buckets: client.exponentialBuckets(0.005, 2, 12),
      registers,
    });
    this.scrapeFailures = new client.Counter({ name: 'slimfaas_metrics_scrape_failures_total', help: 'Failed target scrapes by reason', labelNames: ['function', 'reason'], registers });
    this.scrapeLastSuccess = new client.Gauge({ name: 'slimfaas_metrics_scrape_last_success_unixtime', help: 'Unix time of the last successful scrape', labelNames: ['function'], registers });
  }

  /** One N→M computation of `fn` with ≥ 1 trigger. */
  autoscaled(fn: string, telemetry: AutoscaleTelemetry, ready: number): void {
    const metrics = new Set<string>();
    for (const trigger of telemetry.triggers) {
      metrics.add(trigger.metric);
      this.triggerValue.set({ function: fn, metric: trigger.metric }, trigger.valid ? trigger.value : 0);
      this.triggerValid.set({ function: fn, metric: trigger.metric }, trigger.valid ? 1 : 0);
    }
    for (const old of this.triggerMetrics.get(fn) ?? []) {
      if (metrics.has(old)) continue;
      this.triggerValue.remove({ function: fn, metric: old });
      this.triggerValid.remove({ function: fn, metric: old });
    }
    this.triggerMetrics.set(fn, metrics);
    this.currentReplicas.set({ function: fn }, telemetry.currentReplicas);
    this.desiredReplicas.set({ function: fn }, telemetry.desiredReplicas);
    this.readyReplicas.set({ function: fn }, ready);
    const labels = { direction: telemetry.direction, reason: telemetry.reason };
    const previous = this.lastDecisionLabels.get(fn);
    if (previous && (previous.direction !== labels.direction || previous.reason !== labels.reason)) {
      this.lastDecision.set({ function: fn, ...previous }, 0);
    }
    this.lastDecision.set({ function: fn, ...labels }, 1);
    this.lastDecisionLabels.set(fn, labels);
  }

  scraped(deployment: string, seconds: number, failure: ScrapeFailure | null, nowMs: number): void {
    this.scrapeDuration.observe({ function: deployment }, seconds);
    if (failure) this.scrapeFailures.inc({ function: deployment, reason: failure });
    else this.scrapeLastSuccess.set({ function: deployment }, Math.floor(nowMs / 1000));
  }

  /** Drops the autoscaler series of functions that no longer exist. */
  retain(functions: ReadonlySet<string>): void {
    for (const fn of [...this.triggerMetrics.keys()]) {
      if (functions.has(fn)) continue;
      for (const metric of this.triggerMetrics.get(fn) ?? []) {
        this.triggerValue.remove({ function: fn, metric });
        this.triggerValid.remove({ function: fn, metric });
      }
      for (const gauge of [this.currentReplicas, this.desiredReplicas, this.readyReplicas]) gauge.remove({ function: fn });
      const last = this.lastDecisionLabels.get(fn);
      if (last) this.lastDecision.remove({ function: fn, ...last });
      this.triggerMetrics.delete(fn);
      this.lastDecisionLabels.delete(fn);
    }
  }
}
