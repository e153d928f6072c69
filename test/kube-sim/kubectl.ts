/**
 * Test support for kube-sim suites: a simulator in a temporary directory, the real `kubectl` pointed at it (its own
 * HOME, so no discovery cache is shared), long-running `kubectl … -w` watchers, and process-liveness checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startKubeSim, type KubeSim, type KubeSimOptions } from '../../src/kube-sim/index.js';
import { waitFor } from '../helpers/wait.js';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const HTTP_POD = join(REPO, 'test', 'kube-sim', 'fixtures', 'http-pod.mjs');
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Watcher {
  output(): string;
  stop(): Promise<void>;
}

export class Kubectl {
  constructor(
    private readonly kubeconfig: string,
    private readonly home: string,
  ) {}

  private env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: this.home, KUBECONFIG: this.kubeconfig };
  }

  run(args: string[], input?: string): Promise<KubectlResult> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(KUBECTL, args, { env: this.env(), stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(input ?? '');
    });
  }

  /** Runs and expects exit code 0; resolves with stdout. */
  async ok(args: string[], input?: string): Promise<string> {
    const result = await this.run(args, input);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`);
    return result.stdout;
  }

  /** Starts a long-running kubectl (e.g. `get pods -w`); `stop()` ends it by PID. */
  watch(args: string[]): Watcher {
    const child: ChildProcess = spawn(KUBECTL, args, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise<void>((r) => child.once('close', () => r()));
    return {
      output: () => out,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await closed;
      },
    };
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface SimFixture {
  sim: KubeSim;
  kubectl: Kubectl;
  dir: string;
  /** Writes a manifest into the fixture directory; returns its path. */
  manifest(name: string, text: string): string;
  /** Every pod PID seen so far (to prove they are all gone in the end). */
  seenPids: Set<number>;
  notePids(): void;
  close(): Promise<void>;
}

export async function startFixture(options: KubeSimOptions = {}): Promise<SimFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-test-'));
  const diagnostics: string[] = [];
  const sim = await startKubeSim({ stateDir: join(dir, 'state'), probeIntervalMs: 100, ...options, log: (line) => diagnostics.push(line) });
  const seenPids = new Set<number>();
  const notePids = (): void => {
    for (const pid of sim.pids()) seenPids.add(pid);
  };
  return {
    sim,
    kubectl: new Kubectl(sim.kubeconfigPath, dir),
    dir,
    manifest(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    seenPids,
    notePids,
    async close() {
      notePids();
      await sim.stop();
      await waitFor(() => [...seenPids].every((pid) => !alive(pid)), 10_000, 'every pod process gone');
      rmSync(dir, { recursive: true, force: true });
      // Controller and kubelet errors are bugs of the simulator.
      if (diagnostics.length > 0) throw new Error(`kube-sim reported:\n${diagnostics.join('\n')}`);
    },
  };
}

/** A Deployment whose pods run the http-pod fixture on $POD_IP:8080 with a readiness probe. */
export function httpDeployment(name: string, replicas: number, greeting: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: { app: ${name} }
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
      annotations: { SlimFaas/Function: "true" }
    spec:
      terminationGracePeriodSeconds: 5
      containers:
        - name: ${name}
          image: example/${name}:1
          command: ["node", "${HTTP_POD}"]
          env:
            - { name: GREETING, value: ${greeting} }
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 1
`;
}

/** GET http://<ip>:8080/ → body, or undefined when nothing answers. */
export async function askPod(ip: string): Promise<string | undefined> {
  try {
    const res = await fetch(`http://${ip}:8080/`, { signal: AbortSignal.timeout(2000) });
    return (await res.text()).trim();
  } catch {
    return undefined;
  }
}
