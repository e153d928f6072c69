// Buffers live activity events: flushes every 100 ms (at once at 200 pending), keeps at most 5 000.
import type { NetworkActivityEvent } from './types';

export const MAX_EVENTS = 5000;
export const FLUSH_MS = 100;
export const FLUSH_AT = 200;

export type LiveListener = (batch: NetworkActivityEvent[]) => void;

export class ActivityBuffer {
  private history: NetworkActivityEvent[] = [];
  private pending: NetworkActivityEvent[] = [];
  private seen = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<LiveListener>();
  /** Live events received since the page opened (not the replayed history). */
  liveCount = 0;

  constructor(private readonly onChange: () => void) {}

  /** History sent with the first `state` frame: kept, never animated. */
  seed(events: NetworkActivityEvent[]): void {
    for (const event of events) this.remember(event);
    this.trim();
    this.onChange();
  }

  push(events: NetworkActivityEvent[]): void {
    for (const event of events) if (event && !this.seen.has(event.Id)) this.pending.push(event);
    if (this.pending.length >= FLUSH_AT) this.flush();
    else if (this.pending.length > 0 && this.timer === null) this.timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get events(): readonly NetworkActivityEvent[] {
    return this.history;
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.filter((event) => !this.seen.has(event.Id));
    this.pending = [];
    if (batch.length === 0) return;
    for (const event of batch) this.remember(event);
    this.liveCount += batch.length;
    this.trim();
    for (const listener of this.listeners) listener(batch);
    this.onChange();
  }

  private remember(event: NetworkActivityEvent): void {
    if (!event || this.seen.has(event.Id)) return;
    this.seen.add(event.Id);
    this.history.push(event);
  }

  private trim(): void {
    if (this.history.length <= MAX_EVENTS) return;
    const removed = this.history.splice(0, this.history.length - MAX_EVENTS);
    for (const event of removed) this.seen.delete(event.Id);
  }
}
