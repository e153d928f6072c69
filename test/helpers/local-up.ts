/**
 * Runs the real `slimfaas local up` CLI for end-to-end tests: a temp directory with its own
 * manifest, state and ports; captured output; stop by SIGTERM or SIGKILL; and a check that no
 * replica process is left behind (replica PIDs come from the `started pid=` log lines).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import assert from 'node:assert/strict';
import { waitFor } from './wait.js';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const RECORDER = join(REPO, 'test', 'fixtures', 'recorder-function.mjs');

export interface Ports {
  entrypoint: number;
  node: number;
  raft: number;
  processFrom: number;
  processTo: number;
}

export interface ManifestContext {
  dir: string;
  ports: Ports;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = net.createServer();
    s.once('error', () => r(false));
    s.listen(port, '127.0.0.1', () => s.close(() => r(true)));
  });
}

/** A random block of 64 free-looking ports for one test: node ports base+1…3, Raft ports base+4…6 (up to 3 nodes). */
export async function pickPorts(): Promise<Ports> {
  for (;;) {
    const base = 10000 + Math.floor(Math.random() * 150) * 64; // below the ephemeral range, apart from unit-test ports
    const ports = { entrypoint: base, node: base + 1, raft: base + 4, processFrom: base + 10, processTo: base + 63 };
    const all = [...Array.from({ length: 8 }, (_, i) => base + i), ...Array.from({ length: 54 }, (_, i) => base + 10 + i)];
    if ((await Promise.all(all.map(portFree))).every(Boolean)) return ports;
  }
}

/** Cluster options of a test manifest: node count (2–3 run node processes on Redis) and an explicit Redis. */
export interface ClusterOptions {
  nodes?: number;
  redisUrl?: string;
}

export function clusterYaml(ports: Ports, stateDir: string, name = 'e2e', cluster: ClusterOptions = {}): string {
  return [
    'schemaVersion: 1',
    `name: ${name}`,
    'cluster:',
    `  nodes: ${cluster.nodes ?? 1}`,
    ...(cluster.redisUrl ? [`  redisUrl: ${JSON.stringify(cluster.redisUrl)}`] : []),
    `  entrypointPort: ${ports.entrypoint}`,
    `  nodeHttpPortBase: ${ports.node}`,
    `  raftPortBase: ${ports.raft}`,
    '  nodeLogLevel: Warning',
    'processPorts:',
    `  from: ${ports.processFrom}`,
    `  to: ${ports.processTo}`,
    'state:',
    '  mode: persistent',
    `  directory: ${stateDir}`,
    '',
  ].join('\n');
}

export class LocalUp {
  output = '';
  exitCode: number | null = null;
  private exited: Promise<number>;

  private constructor(
    readonly dir: string,
    readonly ports: Ports,
    readonly stateDir: string,
    readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (c) => (this.output += c));
    child.stderr!.on('data', (c) => (this.output += c));
    this.exited = new Promise((r) => child.once('exit', (code, signal) => r((this.exitCode = code ?? (signal ? 128 : 1)))));
  }

  /**
   * Writes `yaml` (functions part appended to the cluster header) and starts `slimfaas local up`,
   * directly with node, or as the README does (`npx slimfaas …` from the repository root).
   */
  static async start(
    functionsYaml: (ctx: ManifestContext) => string,
    reuse?: { dir: string; ports: Ports },
    env: NodeJS.ProcessEnv = {},
    launcher: 'node' | 'npx' = 'node',
    cluster: ClusterOptions = {},
  ): Promise<LocalUp> {
    const dir = reuse?.dir ?? mkdtempSync(join(tmpdir(), 'slimfaas-e2e-'));
    const ports = reuse?.ports ?? (await pickPorts());
    const stateDir = join(dir, 'state');
    const file = join(dir, 'slimfaas.local.yaml');
    writeFileSync(file, clusterYaml(ports, stateDir, 'e2e', cluster) + functionsYaml({ dir, ports }));
    const args = ['local', 'up', '-f', file];
    const child =
      launcher === 'npx'
        ? spawn('npx', ['slimfaas', ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(process.execPath, [join(REPO, 'bin', 'slimfaas.js'), ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const up = new LocalUp(dir, ports, stateDir, child);
    await waitFor(() => up.output.includes(`Entrypoint: http://127.0.0.1:${ports.entrypoint}`) || up.exitCode !== null, 60_000, 'the banner');
    if (up.exitCode !== null) throw new Error(`slimfaas local up exited with ${up.exitCode}:\n${up.output}`);
    return up;
  }

  /** `GET /status-function/<name>` parsed ({} when unknown). */
  async status(name: string): Promise<{ NumberReady?: number; NumberRequested?: number; Visibility?: string }> {
    const res = await fetch(`${this.url}/status-function/${name}`);
    const body = await res.text();
    return body ? JSON.parse(body) : {};
  }

  /** Waits until `name` has `count` ready replicas. */
  async waitReady(name: string, count = 1, timeoutMs = 30_000): Promise<void> {
    await waitFor(async () => (await this.status(name)).NumberReady === count, timeoutMs, `${name} to have ${count} ready replica(s)`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.ports.entrypoint}`;
  }

  get nodeUrl(): string {
    return `http://127.0.0.1:${this.ports.node}`;
  }

  /** The HTTP port URL of node `slimfaas-<index>`. */
  nodeUrlOf(index: number): string {
    return `http://127.0.0.1:${this.ports.node + index}`;
  }

  /** PIDs of every replica/process ever started (from the per-replica log files). */
  startedPids(): number[] {
    const logs = join(this.stateDir, 'logs');
    if (!existsSync(logs)) return [];
    const pids: number[] = [];
    for (const file of readdirSync(logs)) {
      for (const match of readFileSync(join(logs, file), 'utf8').matchAll(/started pid=(\d+)/g)) pids.push(Number(match[1]));
    }
    return pids;
  }

  alivePids(): number[] {
    return this.startedPids().filter(isAlive);
  }

  /** Ctrl+C-like stop; resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number> {
    if (this.exitCode === null) this.child.kill(signal);
    const code = await this.exited;
    return code;
  }

  /** The usual teardown: SIGTERM stop that exits 0 with no replica left alive, then dispose (also when an assertion fails). */
  async stopCleanly(): Promise<void> {
    try {
      assert.equal(await this.stop(), 0);
      assert.deepEqual(this.alivePids(), []);
    } finally {
      await this.dispose();
    }
  }

  /** kill -9 of the CLI only: its replicas stay behind, as after a crash. */
  async killCli(): Promise<void> {
    if (this.exitCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** The supervisor's PID as its process ledger records it (the CLI itself, also under npx). */
  supervisorPid(): number | null {
    const file = join(this.stateDir, 'processes.json');
    if (!existsSync(file)) return null;
    return (JSON.parse(readFileSync(file, 'utf8')) as { supervisor: { pid: number } }).supervisor.pid;
  }

  /** Port allocations persisted in the state marker (`function:<name>:<replica>` → port). */
  persistedPorts(): Record<string, number> {
    return (JSON.parse(readFileSync(join(this.stateDir, '.slimfaas-local.json'), 'utf8')) as { portAllocations: Record<string, number> }).portAllocations;
  }

  /** kill -9 of the CLI, then of every replica it left behind (by PID). */
  async kill9(): Promise<void> {
    if (this.exitCode === null) this.child.kill('SIGKILL');
    await this.exited;
    for (const pid of this.alivePids()) killGroup(pid);
    await waitFor(() => this.alivePids().length === 0, 10_000, 'replicas to exit');
  }

  /** Last resort for a failed test: nothing may outlive it. */
  async dispose(removeDir = true): Promise<void> {
    if (this.exitCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    const supervisor = this.supervisorPid();
    if (supervisor !== null && supervisor !== process.pid && isAlive(supervisor)) process.kill(supervisor, 'SIGKILL');
    for (const pid of this.alivePids()) killGroup(pid);
    if (removeDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A process that exists and has not exited (a zombie waiting to be reaped by init is gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** YAML for one recorder-function-backed function. */
export function recorderFunction(name: string, opts: { annotations?: Record<string, string>; env?: Record<string, string>; recordUrl: string }): string {
  const lines = [
    `  ${name}:`,
    `    command: ["${process.execPath}", "${RECORDER}"]`,
    '    annotations:',
    '      SlimFaas/Function: "true"',
    ...Object.entries(opts.annotations ?? {}).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
    '    environment:',
    `      RECORD_URL: ${JSON.stringify(opts.recordUrl)}`,
    `      FUNCTION_NAME: ${name}`,
    ...Object.entries(opts.env ?? {}).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
    '    health:',
    '      path: /health',
    '      periodSeconds: 1',
  ];
  return lines.join('\n') + '\n';
}
