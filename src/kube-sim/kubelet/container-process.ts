/**
 * One run of a container: a process spawned without a shell, detached in its own process group, output appended
 * to a log file; signals go to the whole group and whatever the leader leaves in it is killed when it exits.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname } from 'node:path';

export interface Exit {
  exitCode: number;
  /** Set when a signal ended the process. */
  signal?: number;
  /** A spawn failure (command not found…): the process never ran. */
  startError?: string;
}

export interface ContainerProcess {
  readonly pid: number | undefined;
  readonly exited: Promise<Exit>;
  hasExited(): boolean;
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function startProcess(argv: string[], options: { cwd: string; env: Record<string, string>; logFile: string }): ContainerProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const fd = openSync(options.logFile, 'a');
  let done = false;
  let resolveExit!: (exit: Exit) => void;
  const exited = new Promise<Exit>((resolve) => (resolveExit = resolve));
  const finish = (exit: Exit): void => {
    if (done) return;
    done = true;
    resolveExit(exit);
  };
  let child;
  try {
    child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', fd, fd], windowsHide: true });
  } catch (err) {
    closeSync(fd);
    finish({ exitCode: 128, startError: (err as Error).message });
    return { pid: undefined, exited, hasExited: () => true, signal: () => undefined };
  }
  // The child holds its own copy of the descriptor.
  closeSync(fd);
  const pid = child.pid;
  child.once('error', (err) => finish({ exitCode: 128, startError: (err as NodeJS.ErrnoException).code === 'ENOENT' ? `exec: "${argv[0]}": executable file not found in $PATH` : err.message }));
  child.once('exit', (code, signal) => {
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    const number = signal ? constants.signals[signal] : undefined;
    finish(code !== null ? { exitCode: code } : { exitCode: 128 + (number ?? 0), signal: number });
  });
  return {
    pid,
    exited,
    hasExited: () => done,
    signal(sig) {
      if (!done && pid !== undefined) signalGroup(pid, sig);
    },
  };
}
