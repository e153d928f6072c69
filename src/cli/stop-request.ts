/**
 * Resolves when a long-running command should stop: SIGINT, SIGTERM or SIGHUP, or the death of
 * its parent process (`npx`/`npm exec` may exit on SIGTERM without passing it on, leaving this
 * process re-parented; it must not keep serving then). A closed stdout is not an error.
 */
const PARENT_CHECK_MS = 500;
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function whenStopRequested(): Promise<string> {
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  return new Promise((resolve) => {
    const parent = process.ppid;
    const done = (reason: string) => {
      clearInterval(watch);
      for (const signal of SIGNALS) process.off(signal, handlers[signal]!);
      resolve(reason);
    };
    const handlers = Object.fromEntries(SIGNALS.map((signal) => [signal, () => done(signal)])) as Record<NodeJS.Signals, () => void>;
    for (const signal of SIGNALS) process.on(signal, handlers[signal]!);
    const watch = setInterval(() => {
      if (process.ppid !== parent) done(`parent process ${parent} exited`);
    }, PARENT_CHECK_MS);
    watch.unref();
  });
}
