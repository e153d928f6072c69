/**
 * The leader's scrape loop (autoscaling.md §5.2): each cycle scrapes the due deployments' targets
 * at one timestamp, at most `MaxConcurrentTargets` at a time, keeping only requested names, and
 * marks stale the series of targets that failed or vanished. Idle while no function has a trigger
 * and no debug query was made; a follower (or a new leader) hydrates from the shared snapshot.
 */
import { Agent } from '../../util/http-client.js';
import type { FunctionRegistry } from '../../functions/function-registry.js';
import type { LoopHandle, ReconcileRunner } from '../../cluster/reconcile-runner.js';
import type { Logger } from '../../logging.js';
import type { MetricsScrapingSettings } from '../../config/settings.js';
import type { AutoscalingMetrics } from '../autoscaling-metrics.js';
import type { SeriesStore } from '../series/series-store.js';
import type { SeriesPersistence } from '../series/series-persistence.js';
import type { TriggerQueries } from '../trigger-queries.js';
import type { RequestedNames } from './requested-names.js';
import { scrapeTargets, SLIMFAAS_DEPLOYMENT, type ScrapeTarget } from './scrape-targets.js';
import { scrapeTarget } from './scrape-target.js';

const FOLLOWER_POLL_MS = 1000;

export interface ScraperOptions {
  registry: FunctionRegistry;
  series: SeriesStore;
  names: RequestedNames;
  queries: TriggerQueries;
  persistence: SeriesPersistence;
  /** Runs the cycle: scraping as leader, hydrating from the snapshot as follower. */
  runner: ReconcileRunner;
  settings: MetricsScrapingSettings;
  telemetry: AutoscalingMetrics;
  logger: Logger;
  clock?: () => number;
}

export class MetricsScraper {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 4 });
  private readonly nextDue = new Map<string, number>();
  private readonly clock: () => number;
  private guard = false;
  private wasLeader = false;
  private loop: LoopHandle | null = null;
  private readonly reportedFailures = new Map<string, string>();

  constructor(private readonly o: ScraperOptions) {
    this.clock = o.clock ?? Date.now;
  }

  /** Keeps scraping on for the node's lifetime even without triggers (first debug evaluation). */
  enableGuard(): void {
    if (this.guard) return;
    this.guard = true;
    this.loop?.wake();
  }

  start(): void {
    this.loop = this.o.runner.add({
      name: 'metrics scraper',
      everyMs: this.o.settings.scrapeIntervalMilliseconds,
      reconcile: () => this.cycle(true),
      follow: () => this.cycle(false),
    });
  }

  async stop(): Promise<void> {
    await this.loop?.idle();
    await this.agent.close().catch(() => undefined);
  }

  /** One cycle; returns how long to sleep before the next. */
  private async cycle(leading: boolean): Promise<number> {
    const started = this.clock();
    const entries = this.o.registry.list();
    this.o.queries.register(entries);
    const withTriggers = entries.filter((e) => (e.config.scale?.Triggers.length ?? 0) > 0);
    const global = this.o.settings.scrapeIntervalMilliseconds;
    const ownInterval = (name: string) => this.o.registry.get(name)?.config.scale?.ScrapeIntervalMilliseconds ?? global;
    const interval = Math.min(global, ...withTriggers.map((e) => e.config.scale?.ScrapeIntervalMilliseconds ?? global));
    const sleep = () => Math.max(0, interval - (this.clock() - started));
    if (withTriggers.length === 0 && !this.guard) return sleep();

    if (!leading) {
      this.wasLeader = false;
      await this.o.persistence.hydrate();
      return FOLLOWER_POLL_MS;
    }
    if (!this.wasLeader) {
      await this.o.persistence.hydrate().catch((err: Error) => this.o.logger.warn(`metrics hydration failed: ${err.message}`));
      this.wasLeader = true;
    }

    const targets = scrapeTargets(entries.map((e) => ({ name: e.name, pods: e.workload.pods })), this.o.registry.nodes);
    const ts = this.clock();
    this.markVanished(targets, ts);
    if (targets.length === 0 || this.o.names.isEmpty) return sleep();

    const due = this.dueDeployments(targets, ts, (d) => (d === SLIMFAAS_DEPLOYMENT ? global : ownInterval(d)));
    await this.scrapeAll(targets.filter((t) => due.has(t.deployment)), ts);
    await this.o.persistence.persistIfDue(ts).catch((err: Error) => this.o.logger.warn(`metrics persistence failed: ${err.message}`));
    return sleep();
  }

  /** §5.2 step 7: a deployment is due when its next-due time has passed (first sight: at once). */
  private dueDeployments(targets: readonly ScrapeTarget[], now: number, intervalOf: (deployment: string) => number): Set<string> {
    const present = new Set(targets.map((t) => t.deployment));
    for (const deployment of [...this.nextDue.keys()]) if (!present.has(deployment)) this.nextDue.delete(deployment);
    const due = new Set<string>();
    for (const deployment of present) {
      if ((this.nextDue.get(deployment) ?? -Infinity) > now) continue;
      due.add(deployment);
      this.nextDue.set(deployment, now + intervalOf(deployment));
    }
    return due;
  }

  /** Series of targets that are no longer in the topology end with a staleness marker. */
  private markVanished(targets: readonly ScrapeTarget[], ts: number): void {
    const current = new Set(targets.map((t) => `${t.deployment}\u0000${t.instance}`));
    for (const { deployment, instance } of this.o.series.targets()) {
      if (!current.has(`${deployment}\u0000${instance}`)) this.o.series.markTargetStale(ts, deployment, instance);
    }
  }

  private async scrapeAll(targets: ScrapeTarget[], ts: number): Promise<void> {
    const { settings } = this.o;
    const limits = { maxResponseBytes: settings.maxResponseBytes, maxLineBytes: settings.maxLineBytes, maxSeries: settings.maxSelectedSeriesPerTarget };
    const queue = [...targets];
    const worker = async () => {
      for (let target = queue.shift(); target; target = queue.shift()) {
        const t0 = performance.now();
        const result = await scrapeTarget(this.agent, target.url, this.o.names.filter(), limits, settings.requestTimeoutSeconds * 1000);
        this.o.telemetry.scraped(target.deployment, (performance.now() - t0) / 1000, result.ok ? null : result.reason, this.clock());
        if (result.ok) {
          this.o.series.addScrape(ts, target.deployment, target.instance, result.samples);
          this.reportedFailures.delete(target.url);
        } else {
          this.o.series.markTargetStale(ts, target.deployment, target.instance);
          const text = `${result.reason}: ${result.message}`;
          if (this.reportedFailures.get(target.url) !== text) this.o.logger.warn(`scraping ${target.url} failed (${text})`);
          this.reportedFailures.set(target.url, text);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.maxConcurrentTargets, queue.length) }, worker));
  }
}
