/**
 * Benchmark (not a test): added latency of `/function/<name>/…` with OpenTelemetry off and on
 * (on: every signal exported over OTLP/HTTP JSON to the test receiver), each over calling the
 * function pod directly: `slimfaas serve` against kube-sim, 64 B POST body, one client,
 * keep-alive, median after warm-up, measured off / on / off / on (A/B/A/B) and averaged per mode.
 * Usage: node --import tsx bench/otel.ts [<calls>] | --quick (2,000 calls after 1,000 warm-up)
 * (builds nothing: run `npx tsc -p tsconfig.json` first; `slimfaas serve` runs from dist/).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { figures, sampleLatencies, type Figures } from './latency.js';
import { startKubeSim } from '../src/kube-sim/index.js';
import { pickPorts, RECORDER, REPO } from '../test/helpers/local-up.js';
import { OtlpReceiver } from '../test/helpers/otlp-receiver.js';
import { waitFor } from '../test/helpers/wait.js';

const quick = process.argv.includes('--quick');
const countArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const CALLS = countArg ? Number(countArg) : quick ? 2000 : 5000;
const WARMUP = quick ? 1000 : 2000;
const BODY = Buffer.alloc(64, 'x');

async function measure(url: string): Promise<Figures> {
  return figures(await sampleLatencies(url, BODY, CALLS, WARMUP));
}

const receiver = await new OtlpReceiver().start();
const sim = await startKubeSim({ probeIntervalMs: 200 });
const children: ChildProcess[] = [];
async function serve(name: string, env: Record<string, string>): Promise<string> {
  const port = (await pickPorts()).node;
  const child = spawn(process.execPath, [join(REPO, 'bin', 'slimfaas.js'), 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, KUBECONFIG: sim.kubeconfigPath, HOSTNAME: `bench-${name}`, SlimFaas__Orchestrator: 'Kubernetes', SlimFaas__Namespace: 'default', SlimData__Directory: join(sim.stateDir, `data-${name}`), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  await waitFor(() => out.includes('SlimFaas listening on') || child.exitCode !== null, 60_000, `slimfaas serve (${name})`);
  if (child.exitCode !== null) throw new Error(`serve ${name} exited: ${out}`);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/status-function/echo`).then((r) => r.text(), () => '')).includes('"NumberReady":1'), 30_000, `echo ready behind ${name}`);
  return url;
}

try {
  sim.client.apply([{
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'echo' },
    spec: {
      replicas: 1, selector: { matchLabels: { app: 'echo' } },
      template: {
        metadata: { labels: { app: 'echo' }, annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1' } },
        spec: { containers: [{ name: 'echo', image: 'example/echo:1', command: [process.execPath, RECORDER], env: [{ name: 'PORT', value: '8080' }], ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 1 } }] },
      },
    },
  }]);
  await waitFor(() => sim.pods('default').some((p) => p.name.startsWith('echo-') && p.ready), 30_000, 'the echo pod');
  const podIp = sim.pods('default').find((p) => p.name.startsWith('echo-') && p.ready)!.ip!;
  const off = await serve('off', {});
  const on = await serve('on', { OpenTelemetry__Enable: 'true', OpenTelemetry__ServiceName: 'slimfaas-bench', OpenTelemetry__Endpoint: receiver.httpUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
  const direct = await measure(`http://${podIp}:8080/hello/x`);
  const runs = { off: [] as Figures[], on: [] as Figures[] };
  for (let round = 0; round < 2; round++) {
    runs.off.push(await measure(`${off}/function/echo/hello/x`));
    runs.on.push(await measure(`${on}/function/echo/hello/x`));
  }
  await waitFor(() => receiver.spans.length >= 2 * CALLS, 30_000, 'the spans exported');
  const fmt = (r: Figures) => `median ${r.median.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`;
  const addedMedian = (rs: Figures[]) => rs.reduce((sum, r) => sum + r.median - direct.median, 0) / rs.length;
  console.log(`calls per run: ${CALLS} (after ${WARMUP} warm-up), body 64 B, one client, keep-alive; slimfaas serve against kube-sim`);
  console.log(`direct to the function pod:       ${fmt(direct)}`);
  for (let round = 0; round < 2; round++) {
    console.log(`/function/…, OpenTelemetry off #${round + 1}: ${fmt(runs.off[round]!)}`);
    console.log(`/function/…, OpenTelemetry on  #${round + 1}: ${fmt(runs.on[round]!)}`);
  }
  console.log(`added p50 over direct, OpenTelemetry off: ${addedMedian(runs.off).toFixed(3)} ms; on: ${addedMedian(runs.on).toFixed(3)} ms (${receiver.spans.length} spans received over http/json)`);
} finally {
  // The figures are printed: a node still draining after 5 s is killed (a bench, not a stop test).
  await Promise.all(children.map(async (child) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }));
  await sim.stop();
  await receiver.close();
}
