/**
 * The ledger of a supervisor's live child process groups (`<state>/processes.json`): written
 * whenever a child starts or exits, so that after a `kill -9` the next run can stop exactly the
 * processes the dead run left behind. Each entry carries the process start time, so a PID reused
 * by an unrelated process is never signalled.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '../../util/wait-for.js';

export const LEDGER_FILE = 'processes.json';

export interface LedgerEntry {
  /** Process id, which is also its process group id (children are spawned detached). */
  pid: number;
  /** Start time as the OS reports it (see `processStartTime`). */
  start: string;
}

export interface Ledger {
  supervisor: LedgerEntry;
  children: LedgerEntry[];
}

/**
 * Start time of a live process, or null when it does not exist (or is a zombie): field 22 of `/proc/<pid>/stat`
 * (clock ticks since boot) on Linux, `ps -o lstart=` elsewhere.
 */
export function processStartTime(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') return null; // exited, not yet reaped
      return fields[19] ?? null; // fields[0] is field 3 (state); starttime is field 22
    } catch {
      return null;
    }
  }
  const ps = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' });
  const text = ps.status === 0 ? ps.stdout.trim() : '';
  return text === '' ? null : text;
}

/** True when `entry` still designates the very process that was recorded. */
export function isSameProcess(entry: LedgerEntry): boolean {
  return processStartTime(entry.pid) === entry.start;
}

export function readLedger(directory: string): Ledger | null {
  const file = join(directory, LEDGER_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Ledger;
    if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.children) || !parsed.supervisor) return null;
    return parsed;
  } catch {
    return null;
  }
}

export class ProcessLedger {
  private readonly supervisor: LedgerEntry;
  private readonly children = new Map<number, LedgerEntry>();
  private pending = false;

  constructor(private readonly directory: string) {
    this.supervisor = { pid: process.pid, start: processStartTime(process.pid) ?? '' };
    this.flush();
  }

  add(pid: number): void {
    const start = processStartTime(pid);
    if (start === null) return;
    this.children.set(pid, { pid, start });
    this.flush();
  }

  remove(pid: number): void {
    if (this.children.delete(pid)) this.schedule();
  }

  /** Writes now (a start must be on disk before anything can kill this supervisor unnoticed). */
  flush(): void {
    this.pending = false;
    const ledger: Ledger = { supervisor: this.supervisor, children: [...this.children.values()] };
    const file = join(this.directory, LEDGER_FILE);
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(ledger));
      renameSync(`${file}.tmp`, file);
    } catch {
      // The state directory vanished (ephemeral cleanup); nothing left to protect.
    }
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      if (this.pending) this.flush();
    });
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Stops the process groups a dead supervisor left in `directory` (SIGTERM, then SIGKILL after
 * `graceMs`) and returns how many it stopped. Throws when the recorded supervisor still runs.
 */
export async function stopLeftovers(directory: string, graceMs = 2000): Promise<number> {
  const ledger = readLedger(directory);
  if (!ledger) return 0;
  if (ledger.supervisor.pid !== process.pid && isSameProcess(ledger.supervisor)) {
    throw new Error(`the state directory is in use by a running slimfaas local up (pid ${ledger.supervisor.pid})`);
  }
  const alive = ledger.children.filter(isSameProcess);
  for (const entry of alive) signalGroup(entry.pid, 'SIGTERM');
  const gone = () => alive.every((entry) => !isSameProcess(entry));
  if (!(await waitFor(gone, graceMs))) {
    for (const entry of alive) if (isSameProcess(entry)) signalGroup(entry.pid, 'SIGKILL');
    await waitFor(gone, 5000);
  }
  return alive.length;
}
