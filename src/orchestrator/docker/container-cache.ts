/**
 * The local view of the namespace's containers that every read is served from (no read calls the
 * engine). Refreshed per container (events, own operations) and by the full listing; refreshes of
 * one container run one after the other, so the last state read is the one kept, and a container
 * leaves the view only when an inspection finds it gone or out of the namespace. Signals a change
 * whenever what is kept differs.
 */
import { LABEL } from './labels.js';
import { inspectContainer, type Docker } from './engine.js';
import type { InspectedContainer } from './inspected.js';

/** Health logs change at every check and are never read: dropped so that a check is not a change. */
function kept(info: InspectedContainer): InspectedContainer {
  const health = info.State.Health;
  return health ? { ...info, State: { ...info.State, Health: { Status: health.Status } } } : info;
}

/** What the listing says of a container; a different value means it must be inspected again. */
function summaryKey(summary: { State: string; Status: string }): string {
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(summary.Status)?.[1] ?? '';
  return `${summary.State}|${health}`;
}

export class ContainerCache {
  private readonly entries = new Map<string, InspectedContainer>();
  private readonly serialised = new Map<string, Promise<void>>();
  private readonly summaries = new Map<string, string>();
  private readonly stopping = new Set<string>();

  constructor(
    private readonly docker: Docker,
    private readonly namespace: string,
    private readonly changed: () => void,
  ) {}

  all(): InspectedContainer[] {
    return [...this.entries.values()].map((entry) => this.view(entry));
  }

  get(id: string): InspectedContainer | undefined {
    const entry = this.entries.get(id);
    return entry && this.view(entry);
  }

  private view(entry: InspectedContainer): InspectedContainer {
    if (!this.stopping.has(entry.Id)) return entry;
    return { ...entry, State: { ...entry.State, Status: 'removing', Running: false } };
  }

  /**
   * A container SlimFaas is stopping: reported as `removing` (not ready) from now on, whatever a
   * later inspection says while it shuts down, so no call is routed to it.
   */
  markStopping(id: string): void {
    this.stopping.add(id);
    this.changed();
  }

  /** Inspects one container again (after the refreshes of it already queued). */
  refresh(id: string): Promise<void> {
    const previous = this.serialised.get(id) ?? Promise.resolve();
    const next = previous.then(() => this.inspectAndApply(id));
    const tail = next.catch(() => undefined);
    this.serialised.set(id, tail);
    void tail.then(() => {
      if (this.serialised.get(id) === tail) this.serialised.delete(id);
    });
    return next;
  }

  private async inspectAndApply(id: string): Promise<void> {
    const info = await inspectContainer(this.docker, id);
    const inScope = info !== null && (info.Config.Labels ?? {})[LABEL.namespace] === this.namespace;
    const before = this.entries.get(id);
    if (!inScope) {
      this.summaries.delete(id);
      this.stopping.delete(id);
      if (before && this.entries.delete(id)) this.changed();
      return;
    }
    const value = kept(info);
    const key = info.Id;
    this.entries.set(key, value);
    if (!before || JSON.stringify(before) !== JSON.stringify(value)) this.changed();
  }

  /** Full listing: inspects new and changed containers, and the ones no longer listed. */
  async sync(): Promise<void> {
    const listed = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.namespace}=${this.namespace}`] } });
    const seen = new Set<string>();
    const work: Promise<void>[] = [];
    for (const summary of listed) {
      seen.add(summary.Id);
      const key = summaryKey(summary);
      if (this.entries.has(summary.Id) && this.summaries.get(summary.Id) === key) continue;
      this.summaries.set(summary.Id, key);
      work.push(
        this.refresh(summary.Id).catch((err: unknown) => {
          this.summaries.delete(summary.Id);
          throw err;
        }),
      );
    }
    for (const id of this.entries.keys()) if (!seen.has(id)) work.push(this.refresh(id));
    const results = await Promise.allSettled(work);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Resolves once every refresh queued so far has been applied. */
  async idle(): Promise<void> {
    await Promise.all([...this.serialised.values()]);
  }
}
