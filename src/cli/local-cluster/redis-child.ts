/**
 * The `redis-server` `slimfaas local up` starts for several nodes when the manifest gives no
 * `cluster.redisUrl` (decision 12): like an auxiliary process, one instance in its own process
 * group (so the ledger covers it), on loopback and a free port, its data in `<state>/data/redis`
 * with an fsynced append-only file and no RDB snapshots, output tagged `[redis]` and written to
 * `<state>/logs/redis.log`, restarted on the same port after `min(30, 2^(failures−1))` s if it exits.
 */
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { freePort } from '../../util/free-port.js';
import { join } from 'node:path';
import { restartDelaySeconds } from '../../orchestrator/process/backoff.js';
import { launchChild, type LaunchedChild } from '../../orchestrator/process/child-launcher.js';
import { ChildRunner } from '../../orchestrator/process/child-runner.js';
import { LogSink, type OutputFn } from '../../orchestrator/process/log-sink.js';

const MONITOR_MS = 500;
const READY_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 5;

export interface RedisChildOptions {
  binary: string;
  dataDir: string;
  logsDir: string;
  output: OutputFn;
}

export class RedisChild extends ChildRunner {
  private readonly sink: LogSink;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly o: RedisChildOptions,
    private readonly redisPort: number,
    sink: LogSink,
  ) {
    super();
    this.port = redisPort;
    this.sink = sink;
  }

  /** Starts the server and resolves once it answers PING (another free port if the first was taken meanwhile). */
  static async start(o: RedisChildOptions): Promise<RedisChild> {
    mkdirSync(o.dataDir, { recursive: true });
    const sink = new LogSink('[redis] ', join(o.logsDir, 'redis.log'), o.output);
    for (let attempt = 1; ; attempt++) {
      const redis = new RedisChild(o, await freePort(), sink);
      await redis.tick();
      if (await redis.answers(READY_TIMEOUT_MS)) {
        redis.timer = setInterval(() => void redis.tick(), MONITOR_MS);
        return redis;
      }
      await redis.terminate();
      if (attempt >= START_ATTEMPTS) {
        await sink.close();
        throw new Error(`redis-server (${o.binary}) did not start; see ${join(o.logsDir, 'redis.log')}`);
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.redisPort}`;
  }

  get pid(): number | null {
    return this.child && !this.child.hasExited() ? this.child.pid : null;
  }

  protected async launch(): Promise<void> {
    const args = ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--dir', this.o.dataDir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--loglevel', 'warning'];
    let child: LaunchedChild;
    try {
      child = await launchChild([this.o.binary, ...args], { cwd: this.o.dataDir, env: process.env, sink: this.sink });
    } catch (err) {
      this.retryLater(`failed to start: ${(err as Error).message}`);
      return;
    }
    this.child = child;
    void child.exited.then((code) => {
      if (this.child !== child) return;
      this.child = null;
      if (!this.stopping) this.retryLater(`redis-server exited with code ${code}`);
    });
  }

  protected async doStop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.terminate();
    await this.sink.close();
  }

  private async terminate(): Promise<void> {
    if (this.launching) await this.launching;
    const child = this.child;
    this.child = null;
    if (child) await child.terminate(5000);
  }

  private retryLater(message: string): void {
    this.failures++;
    const delay = restartDelaySeconds(this.failures);
    this.sink.line(`${message}; restarting in ${delay} s`);
    this.nextAttemptAt = Date.now() + delay * 1000;
  }

  /** Polls PING until `+PONG` or the deadline (or the process is gone). */
  private async answers(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child === null) return false;
      if (await ping(this.redisPort)) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) done(text.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}
