/**
 * Background wake-ups of `/wake-function` (functions.md §9.1): marks activity now, then every
 * second until the function has a ready pod or disappears. Per function, a new wake starts only
 * if none is running and 3 s have passed since the last accepted one.
 */
import type { FunctionRegistry } from '../functions/function-registry.js';
import type { ActivityTracker } from '../scaling/activity-tracker.js';
import { readyPods } from '../model/function-status.js';

const WINDOW_MS = 3000;
const LOOP_MS = 1000;

export class WakeCoalescer {
  private running = new Set<string>();
  private lastAccepted = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly activity: ActivityTracker,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Returns true when a background wake was started (false when coalesced). */
  wake(name: string): boolean {
    const now = this.clock();
    if (this.running.has(name) || now - (this.lastAccepted.get(name) ?? -Infinity) < WINDOW_MS) return false;
    this.lastAccepted.set(name, now);
    this.running.add(name);
    void this.loop(name).finally(() => this.running.delete(name));
    return true;
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(name: string): Promise<void> {
    this.activity.touch(name);
    await new Promise((r) => setTimeout(r, LOOP_MS).unref());
    while (!this.stopped) {
      const entry = this.registry.get(name);
      if (!entry || readyPods(entry.workload).length > 0) return;
      this.activity.touch(name);
      await new Promise((r) => setTimeout(r, LOOP_MS).unref());
    }
  }
}
