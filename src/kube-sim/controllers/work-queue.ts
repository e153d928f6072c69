/**
 * A coalescing work queue: a key added several times before it is processed is reconciled once, on a later
 * turn of the event loop; `addAfter` schedules a key for later. Errors are reported, never thrown to the caller.
 */

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly reconcile: (key: string) => void,
    private readonly onError: (key: string, err: unknown) => void,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /** Adds the key after `delayMs` (an earlier pending timer for the same key wins if it fires sooner). */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    const existing = this.timers.get(key);
    const due = Date.now() + Math.max(0, delayMs);
    if (existing && (existing as NodeJS.Timeout & { due?: number }).due! <= due) return;
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, Math.max(0, delayMs)) as NodeJS.Timeout & { due?: number };
    timer.due = due;
    this.timers.set(key, timer);
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.reconcile(key);
      } catch (err) {
        this.onError(key, err);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }
}

export function objectKeyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  return { namespace: namespace === '' ? undefined : namespace, name: key.slice(slash + 1) };
}
