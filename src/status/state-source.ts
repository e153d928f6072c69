/**
 * Gathers what a `state` frame shows (functions.md §9.5): functions from the registry snapshot
 * (Deployments first, then StatefulSets), queue lengths from the Store (cached
 * `QueueLengthsCacheMilliseconds`), the `/jobs/status` payload (cached `JobsCacheMilliseconds`),
 * the SlimFaas nodes, and the front switch. Request-time reads never reach the orchestrator.
 */
import type { Store } from '../store/store.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import type { StatusStreamSettings } from '../config/status-stream-settings.js';
import { queueKey } from '../queue/queue-keys.js';
import { jobsJsonText } from '../jobs/routes/job-json.js';
import type { ActivityEvent } from './activity-event.js';
import { functionStatusDetailed, stateJson } from './state-frame.js';
import { TimedCache } from './timed-cache.js';

export interface StateSourceDeps {
  registry: Pick<FunctionRegistry, 'list' | 'nodes'>;
  store: Pick<Store, 'queueSnapshot'>;
  /** The `/jobs/status` payload. */
  jobsStatus: () => Promise<unknown[]>;
  settings: StatusStreamSettings;
  frontEnabled: boolean;
}

export class StateSource {
  private readonly queues: TimedCache<Map<string, number>>;
  private readonly jobs: TimedCache<string>;

  constructor(private readonly d: StateSourceDeps) {
    this.queues = new TimedCache(d.settings.queueLengthsCacheMilliseconds, () => this.loadQueues());
    this.jobs = new TimedCache(d.settings.jobsCacheMilliseconds, async () => jobsJsonText(await d.jobsStatus()));
  }

  /** The `state` document; `recent` is the first frame's `RecentActivity` ([] for periodic frames). */
  async build(recent: readonly ActivityEvent[]): Promise<string> {
    const entries = this.ordered();
    const [lengths, jobsJson] = await Promise.all([this.queues.get(), this.jobs.get()]);
    return stateJson({
      functionsJson: JSON.stringify(entries.map((e) => functionStatusDetailed(e.workload, e.config))),
      queues: entries.map((e) => ({ Name: e.name, Length: lengths.get(e.name) ?? 0 })),
      jobsJson,
      recentActivity: this.d.frontEnabled ? recent : [],
      nodes: this.d.registry.nodes,
      frontEnabled: this.d.frontEnabled,
    });
  }

  private ordered() {
    const kindOrder = (kind: string) => (kind === 'Deployment' ? 0 : kind === 'StatefulSet' ? 1 : 2);
    return this.d.registry
      .list()
      .map((entry, index) => ({ entry, index }))
      .sort((a, b) => kindOrder(a.entry.workload.kind) - kindOrder(b.entry.workload.kind) || a.index - b.index)
      .map(({ entry }) => entry);
  }

  /** available + running + waiting-for-retry of every function's queue (functions.md §7.2). */
  private async loadQueues(): Promise<Map<string, number>> {
    const names = this.d.registry.list().map((e) => e.name);
    const snapshots = await Promise.all(names.map((name) => this.d.store.queueSnapshot(queueKey(name))));
    return new Map(names.map((name, i) => [name, snapshots[i]!.available + snapshots[i]!.running + snapshots[i]!.waitingForRetry]));
  }
}
