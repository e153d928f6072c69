/**
 * What every supervised child (function replica, auxiliary process) shares: at most one launch at
 * a time, no launch before the retry delay has elapsed or once stopping, and an idempotent stop.
 */
import type { LaunchedChild } from './child-launcher.js';

export abstract class ChildRunner {
  protected child: LaunchedChild | null = null;
  protected port: number | null = null;
  protected failures = 0;
  protected nextAttemptAt = 0;
  protected launching: Promise<void> | null = null;
  protected stopping: Promise<void> | null = null;

  /** Monitor step: launches when nothing runs and the retry delay has elapsed; returns the attempt, if one began. */
  tick(now = Date.now()): Promise<void> | null {
    if (this.stopping || this.child || this.launching || !this.mayLaunch() || now < this.nextAttemptAt) return null;
    this.launching = this.launch().finally(() => {
      this.launching = null;
    });
    return this.launching;
  }

  /** Stops the child (see doStop). Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  /** False when the runner must never launch again (e.g. restart policy `never`). */
  protected mayLaunch(): boolean {
    return true;
  }

  protected abstract launch(): Promise<void>;
  protected abstract doStop(): Promise<void>;
}
