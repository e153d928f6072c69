/**
 * `npm run kube-sim -- --port <port> --kubeconfig <file> [--state-dir <dir>] [--namespace <ns>] [--token <t>]`:
 * runs a kube-sim in the foreground until SIGTERM, SIGINT, SIGHUP or the death of its parent process, then stops
 * every pod process.
 */
import { startKubeSim, type KubeSimOptions } from './kube-sim.js';
import { parseMainArgs } from './main-args.js';

async function main(): Promise<void> {
  let options: KubeSimOptions;
  try {
    options = parseMainArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`kube-sim: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const sim = await startKubeSim(options);
  process.stdout.write(
    `kube-sim is serving the Kubernetes API on ${sim.url}\n` +
      `Kubeconfig: ${sim.kubeconfigPath}   (export KUBECONFIG=${sim.kubeconfigPath})\n` +
      `Pod IPs: ${sim.podIpPrefix}2 and up; pod logs under ${sim.stateDir}/pods\n` +
      'Press Ctrl+C to stop (pods are stopped too).\n',
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`kube-sim: ${signal} received, stopping pods\n`);
    void sim.stop().then(() => process.exit(0));
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
  // An `npm run` that dies without passing the signal on must not leave the simulator (and its pods) behind.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('parent exit');
  }, 1000).unref();
}

void main().catch((err: unknown) => {
  process.stderr.write(`kube-sim: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
