/** Runs an async task first after `firstDelayMs`, then every `everyMs` after each run ends; never overlapping. */
export function runPeriodically(task: () => Promise<void>, everyMs: number, firstDelayMs: number, onError: (err: Error) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      task().catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err)))).finally(() => schedule(everyMs));
    }, delay);
    timer.unref();
  };
  schedule(firstDelayMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
