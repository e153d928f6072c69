/**
 * The node processes of `slimfaas local up` with several nodes: starts them together, probes them
 * (every 200 ms until ready, then every 1 s), restarts those that exit, lists them for the
 * topology (every node, so each trusts the others) and for the entrypoint (ready ones take
 * connections), and stops them all, each process group, before resolving.
 */
import type { LocalManifest } from '../../config/manifest/types.js';
import type { PodInfo } from '../../orchestrator/orchestrator.js';
import type { NodeRoster } from '../../orchestrator/supervisor/control-api.js';
import type { OutputFn } from '../../orchestrator/process/log-sink.js';
import type { EntrypointNode } from '../entrypoint-gateway.js';
import { NodeRunner } from './node-runner.js';
import { nodeName, nodePod } from './node-environment.js';

const PROBE_STARTING_MS = 200;
const PROBE_READY_MS = 1000;

export interface NodeSupervisorOptions {
  manifest: LocalManifest;
  /** Launch of node `i`: command and environment (read at each launch, so it may depend on what starts later). */
  launch: (index: number) => { command: string[]; env: NodeJS.ProcessEnv };
  cwd: string;
  logsDir: string;
  output: OutputFn;
  killGraceMs?: number;
}

export class NodeSupervisor implements NodeRoster {
  private readonly runners: NodeRunner[];
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;

  constructor(private readonly o: NodeSupervisorOptions) {
    this.runners = Array.from(
      { length: o.manifest.cluster.nodes },
      (_, index) =>
        new NodeRunner({
          name: nodeName(index),
          port: o.manifest.cluster.nodeHttpPortBase + index,
          launch: () => o.launch(index),
          cwd: o.cwd,
          logsDir: o.logsDir,
          output: o.output,
          killGraceMs: o.killGraceMs ?? 10_000,
          onChange: () => this.changed(),
        }),
    );
  }

  /** Launches every node; resolves once each launch was attempted. */
  async start(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.tick()));
    this.schedule(PROBE_STARTING_MS);
  }

  list(): PodInfo[] {
    return this.runners.map((runner, index) => nodePod(this.o.manifest, index, runner.state()));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The nodes as the entrypoint sees them. */
  entrypointNodes(): EntrypointNode[] {
    return this.runners.map((runner, index) => ({ port: this.o.manifest.cluster.nodeHttpPortBase + index, isReady: () => runner.state().ready }));
  }

  readyCount(): number {
    return this.runners.filter((runner) => runner.state().ready).length;
  }

  /** PIDs of the running node processes. */
  pids(): number[] {
    return this.runners.map((runner) => runner.state().pid).filter((pid): pid is number => pid !== null);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      await Promise.all(this.runners.map((runner) => runner.stop()));
    })();
    return this.stopping;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => void this.monitor(), delayMs);
  }

  private async monitor(): Promise<void> {
    for (const runner of this.runners) void runner.tick();
    await Promise.all(this.runners.map((runner) => runner.probe()));
    this.schedule(this.readyCount() === this.runners.length ? PROBE_READY_MS : PROBE_STARTING_MS);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener failure must not affect supervision.
      }
    }
  }
}
