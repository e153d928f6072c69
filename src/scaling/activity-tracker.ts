/**
 * Per-function "last activity" timestamps (functions.md §6.6): set by calls, kept fresh while
 * calls are in flight, shared with other nodes through the store key `TicksLastCall:<function>`
 * (newest wins, 30-day TTL). `onWake` fires when activity arrives for a function, so the scaler
 * can react at once instead of waiting for its next tick.
 */
import type { Store } from '../store/store.js';
import type { Logger } from '../logging.js';

const STORE_TTL_MS = 2_592_000_000;

export class ActivityTracker {
  private last = new Map<string, number>();
  private written = new Map<string, number>();
  private inFlight = new Map<string, number>();
  private listeners = new Set<(name: string) => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly syncIntervalMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Syncs every `syncIntervalMs` the functions `names()` returns (activity seen by other nodes included). */
  start(names: () => string[]): void {
    const tick = () => this.sync(new Set([...names(), ...this.last.keys()])).catch((e) => this.logger.warn(`activity sync failed: ${e.message}`));
    this.timer = setInterval(() => void tick(), this.syncIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Records activity now and signals the scaler. */
  touch(name: string): void {
    this.last.set(name, this.clock());
    for (const listener of this.listeners) listener(name);
  }

  /** Marks an in-flight call: activity at start, at end, and at every sync while it runs. */
  begin(name: string): () => void {
    this.inFlight.set(name, (this.inFlight.get(name) ?? 0) + 1);
    this.touch(name);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const left = (this.inFlight.get(name) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(name);
      else this.inFlight.set(name, left);
      this.touch(name);
    };
  }

  lastActivity(name: string): number | undefined {
    return this.last.get(name);
  }

  /** Newest activity of any function (ReplicasStartAsSoonAsOneFunctionRetrieveARequest). */
  newestActivity(): number | undefined {
    let newest: number | undefined;
    for (const value of this.last.values()) if (newest === undefined || value > newest) newest = value;
    return newest;
  }

  onWake(listener: (name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Merges memory and store for the given functions (newest wins both ways; future values clamp to now). */
  async sync(names: Iterable<string>): Promise<void> {
    const now = this.clock();
    for (const name of this.inFlight.keys()) this.last.set(name, now);
    for (const name of [...names]) {
      const key = `TicksLastCall:${name}`;
      const raw = await this.store.get(key);
      const stored = raw ? Math.min(Number(raw.toString()), now) : undefined;
      const memory = this.last.get(name);
      if (stored !== undefined && !Number.isNaN(stored) && (memory === undefined || stored > memory)) {
        this.last.set(name, stored);
      } else if (memory !== undefined && memory !== this.written.get(name) && (stored === undefined || memory > stored)) {
        await this.store.set(key, String(memory), STORE_TTL_MS);
        this.written.set(name, memory);
      }
    }
  }
}
