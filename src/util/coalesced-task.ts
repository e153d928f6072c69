/**
 * Runs an async task so that calls made while it runs coalesce into exactly one more run:
 * signals (queue mutations, topology changes, activity) may arrive in bursts, work runs at most
 * twice for a burst, never concurrently with itself.
 */
export class CoalescedTask {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (err: Error) => void,
  ) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.task();
        } catch (err) {
          this.onError(err as Error);
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when the current run (if any) has finished. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }
}
