/**
 * The one runner of a node's leader loops (controller-runtime's reconcile → requeueAfter): each
 * loop's pass runs only while this node leads (else its optional follower pass), never overlaps
 * itself, runs again right after when woken during a pass, sleeps the delay the pass returns
 * (`null` = until woken), and backs off exponentially (capped) after a failure. A wake is an
 * event: it runs the pass now, whatever the back-off.
 */
import type { Leadership } from './leadership.js';
import type { Logger } from '../logging.js';

/** Milliseconds until the next pass; `null`: only when woken; undefined: the loop's period. */
export type Requeue = number | null | undefined | void;

export interface Reconciler {
  readonly name: string;
  /** The period between passes (a function when it varies, e.g. to the next minute). */
  readonly everyMs: number | (() => number);
  /** Delay of the first pass after start (default 0). */
  readonly firstDelayMs?: number;
  /** One pass as leader. */
  reconcile(): Promise<Requeue>;
  /** One pass while another node leads (the followers' share of the duty, if any). */
  follow?(): Promise<Requeue>;
}

export interface LoopHandle {
  /** Runs a pass now (or right after the current one). */
  wake(): void;
  /** Resolves once no pass runs. */
  idle(): Promise<void>;
}

export interface ReconcileRunnerOptions {
  /** Longest back-off after repeated failures (default 5000 ms). */
  maxBackoffMs?: number;
}

const BACKOFF_BASE_CAP_MS = 1000;

/** The wait after the `failures`-th failure in a row: the period (at most 1 s), doubled each time, capped. */
export function backoffDelay(periodMs: number, failures: number, maxMs: number): number {
  const base = Math.min(Math.max(1, periodMs), BACKOFF_BASE_CAP_MS);
  return Math.min(base * 2 ** Math.max(0, failures - 1), maxMs);
}

class Loop implements LoopHandle {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;

  constructor(
    private readonly r: Reconciler,
    private readonly runner: ReconcileRunner,
  ) {}

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  wake(): void {
    if (!this.runner.active) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.clearTimer();
    this.running = this.pass().finally(() => (this.running = null));
  }

  schedule(delayMs: number | null): void {
    this.clearTimer();
    if (delayMs === null || !this.runner.active || !Number.isFinite(delayMs)) return;
    this.timer = setTimeout(() => this.wake(), Math.max(0, delayMs));
    this.timer.unref();
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private period(): number {
    return typeof this.r.everyMs === 'function' ? this.r.everyMs() : this.r.everyMs;
  }

  private async pass(): Promise<void> {
    let next: number | null;
    do {
      this.again = false;
      next = await this.once();
    } while (this.again && this.runner.active);
    this.schedule(next);
  }

  private async once(): Promise<number | null> {
    const leading = this.runner.leadership.isLeader();
    const step = leading ? () => this.r.reconcile() : this.r.follow ? () => this.r.follow!() : null;
    if (!step) return this.period();
    try {
      const requeue = await step();
      this.failures = 0;
      return requeue === undefined ? this.period() : requeue;
    } catch (err) {
      this.failures++;
      this.runner.logger.warn(`${this.r.name}: ${(err as Error).message}`);
      return backoffDelay(this.period(), this.failures, this.runner.maxBackoffMs);
    }
  }
}

export class ReconcileRunner {
  readonly maxBackoffMs: number;
  private stopped = false;
  private started = false;
  private readonly loops: Array<{ loop: Loop; firstDelayMs: number }> = [];

  constructor(
    readonly leadership: Leadership,
    readonly logger: Logger,
    options: ReconcileRunnerOptions = {},
  ) {
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
  }

  /** Started and not stopped. */
  get active(): boolean {
    return this.started && !this.stopped;
  }

  /** Registers a loop; it starts with the runner (at once if the runner already runs). */
  add(reconciler: Reconciler): LoopHandle {
    const loop = new Loop(reconciler, this);
    const firstDelayMs = reconciler.firstDelayMs ?? 0;
    this.loops.push({ loop, firstDelayMs });
    if (this.started) loop.schedule(firstDelayMs);
    return loop;
  }

  start(): void {
    this.started = true;
    for (const { loop, firstDelayMs } of this.loops) loop.schedule(firstDelayMs);
  }

  /** Stops every loop and waits for the passes running now. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { loop } of this.loops) loop.clearTimer();
    await Promise.all(this.loops.map(({ loop }) => loop.idle()));
  }
}
