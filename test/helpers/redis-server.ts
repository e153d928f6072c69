/**
 * Test support: a real `redis-server` of its own on a free loopback port, with its own temporary
 * directory and `--appendonly yes --appendfsync always` (an acknowledged write survives kill -9).
 * It can be stopped by PID (any signal), paused, and restarted on the same directory and port.
 * Every server still running when the test process exits is killed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/util/free-port.js';

export interface RedisServerOptions {
  /** `--requirepass`; the URL then carries it. */
  password?: string;
  /** Extra `redis-server` arguments (e.g. `['--maxmemory', '10mb']`). */
  args?: string[];
  /** Binary; default `$REDIS_SERVER_BIN` or `redis-server` from PATH. */
  binary?: string;
  /** Serve TLS only (`--tls-port`, plain port off); the URL becomes `rediss://`. */
  tls?: { certFile: string; keyFile: string; caFile: string };
  /**
   * Run as a Sentinel monitoring `mymaster` at this port (quorum 1) instead of a data server;
   * `args` and `password` are then ignored.
   */
  sentinelOf?: number;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function redisServerAvailable(binary = defaultBinary()): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

function defaultBinary(): string {
  return process.env.REDIS_SERVER_BIN ?? 'redis-server';
}


export class RedisServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    public port: number,
    private readonly options: RedisServerOptions,
  ) {}

  /** Starts a server on a free port (retrying with another port if it was taken meanwhile). */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-redis-'));
    for (let attempt = 0; ; attempt++) {
      const server = new RedisServer(dir, await freePort(), options);
      try {
        await server.start();
        return server;
      } catch (error) {
        if (attempt >= 4) {
          rmSync(dir, { recursive: true, force: true });
          throw error;
        }
      }
    }
  }

  get url(): string {
    const auth = this.options.password ? `:${encodeURIComponent(this.options.password)}@` : '';
    return `${this.options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get isRunning(): boolean {
    return this.child !== undefined;
  }

  /** (Re)starts on the same directory and port; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.child) throw new Error('redis-server is already running');
    const args = this.options.sentinelOf !== undefined ? this.sentinelArgs(this.options.sentinelOf) : this.serverArgs();
    const child = spawn(this.options.binary ?? defaultBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        running.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      }),
    );
    let log = '';
    let settled = false;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`redis-server not ready after 10 s:\n${log}`)), 10_000);
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      const onData = (chunk: Buffer) => {
        if (settled) return;
        log += chunk.toString('utf8');
        if (/Ready to accept connections|Sentinel ID is/.test(log)) {
          settled = true;
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('error', fail);
      child.once('exit', (code, signal) => fail(new Error(`redis-server exited (${code ?? signal}) before ready:\n${log}`)));
    });
    // Keep draining the pipes so that the server never blocks on a full log pipe.
    child.stdout!.resume();
    child.stderr!.resume();
  }

  private serverArgs(): string[] {
    const { tls, password, args = [] } = this.options;
    const port = tls
      ? ['--port', '0', '--tls-port', String(this.port), '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile,
         '--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'no']
      : ['--port', String(this.port)];
    return [
      ...port,
      '--bind', '127.0.0.1',
      '--dir', this.dir,
      '--appendonly', 'yes',
      '--appendfsync', 'always',
      '--save', '',
      '--daemonize', 'no',
      '--loglevel', 'notice',
      ...(password ? ['--requirepass', password] : []),
      ...args,
    ];
  }

  private sentinelArgs(masterPort: number): string[] {
    // Sentinel rewrites its configuration file, so it gets one of its own.
    const config = join(this.dir, 'sentinel.conf');
    writeFileSync(config, `port ${this.port}\nbind 127.0.0.1\ndir ${this.dir}\nsentinel monitor mymaster 127.0.0.1 ${masterPort} 1\n`);
    return [config, '--sentinel'];
  }

  /** Sends `signal` to the server's PID and waits for it to exit (SIGKILL = crash). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (signal === 'SIGTERM' || signal === 'SIGKILL') child.kill('SIGCONT');
    child.kill(signal);
    await this.exited;
  }

  /** Freezes the process (connections stay open, nothing answers) until `resume`. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Stops (SIGKILL by default: nothing but the AOF survives) and starts again on the same data. */
  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.stop(signal);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.start();
      } catch (error) {
        // The port may linger for a moment after the kill.
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Stops the server and removes its directory. */
  async cleanup(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
