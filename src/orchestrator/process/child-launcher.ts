/**
 * Launches one child without a shell in its own process group, streams its output to a LogSink,
 * logs `started pid=<pid>` / `exited code=<n>`, and kills its whole tree on exit or on request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { LogSink } from './log-sink.js';
import { signalTree, trackChild, untrackChild } from './process-tree.js';
import { withTimeout } from './timers.js';

/** How long stdout/stderr may stay open after the process exited (held by an escaped descendant). */
const DRAIN_AFTER_EXIT_MS = 2000;
/** How long to wait for the exit event after SIGKILL before giving up waiting. */
const EXIT_AFTER_KILL_MS = 5000;

export interface LaunchedChild {
  readonly pid: number;
  /** `Date.now()` at launch. */
  readonly startedAt: number;
  /** Exit code (128 + signal number when killed by a signal), once exited and its output drained. */
  readonly exited: Promise<number>;
  hasExited(): boolean;
  /** SIGTERM to the tree, then SIGKILL after `graceMs`; resolves once the child exited (or gave up after a safety delay). */
  terminate(graceMs: number): Promise<void>;
}

export interface LaunchOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  sink: LogSink;
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const number = signal ? constants.signals[signal] : undefined;
  return number !== undefined ? 128 + number : -1;
}

/** Resolves once the OS reports the process spawned; rejects with the launch error otherwise. */
export function launchChild(command: string[], options: LaunchOptions): Promise<LaunchedChild> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = command;
    if (!file) {
      reject(new Error('empty command'));
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    let spawned = false;
    child.on('error', (err) => {
      if (!spawned) reject(err);
      else options.sink.line(`process error: ${err.message}`);
    });
    child.once('spawn', () => {
      spawned = true;
      const pid = child.pid as number;
      trackChild(pid);
      options.sink.line(`started pid=${pid}`);
      const flushOut = options.sink.follow(child.stdout);
      const flushErr = options.sink.follow(child.stderr, 'stderr');
      let hasExited = false;

      child.once('exit', () => {
        hasExited = true;
        untrackChild(pid);
        // Whatever the leader left in its group goes with it.
        signalTree(pid, 'SIGKILL');
        const drain = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
        }, DRAIN_AFTER_EXIT_MS);
        child.once('close', () => clearTimeout(drain));
      });
      const exited = new Promise<number>((resolveExit) => {
        child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
          flushOut();
          flushErr();
          const exitCode = exitCodeOf(code, signal);
          options.sink.line(`exited code=${exitCode}`);
          resolveExit(exitCode);
        });
      });

      resolve({
        pid,
        startedAt: Date.now(),
        exited,
        hasExited: () => hasExited,
        async terminate(graceMs: number): Promise<void> {
          if (hasExited) {
            signalTree(pid, 'SIGKILL');
            await withTimeout(exited, EXIT_AFTER_KILL_MS);
            return;
          }
          signalTree(pid, 'SIGTERM');
          if ((await withTimeout(exited.then(() => true), graceMs)) === true) return;
          signalTree(pid, 'SIGKILL');
          await withTimeout(exited, EXIT_AFTER_KILL_MS);
        },
      });
    });
  });
}
