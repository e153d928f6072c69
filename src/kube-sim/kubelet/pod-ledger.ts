/**
 * The pod processes of one simulator, on disk beside its IP-block lock (`127.0.<b>.pods.json`, rewritten at each
 * start and exit), so that a simulator killed without stopping its pods (`kill -9`) has them stopped by the next
 * one claiming that block. Entries carry the process start time: a reused PID is never signalled.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isSameProcess, processStartTime, type LedgerEntry } from '../../orchestrator/process/process-ledger.js';
import { signalGroup } from './container-process.js';

export class PodLedger {
  private readonly entries = new Map<number, LedgerEntry>();

  constructor(private readonly file: string) {
    this.write();
  }

  add(pid: number): void {
    const start = processStartTime(pid);
    if (start === null) return;
    this.entries.set(pid, { pid, start });
    this.write();
  }

  remove(pid: number): void {
    if (this.entries.delete(pid)) this.write();
  }

  close(): void {
    rmSync(this.file, { force: true });
  }

  private write(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ pods: [...this.entries.values()] }));
    renameSync(tmp, this.file);
  }
}

/** SIGKILLs the process groups a dead simulator recorded; returns how many were still running. */
export function stopLeftoverPods(file: string): number {
  if (!existsSync(file)) return 0;
  let stopped = 0;
  try {
    const { pods } = JSON.parse(readFileSync(file, 'utf8')) as { pods: LedgerEntry[] };
    for (const entry of pods ?? []) {
      if (isSameProcess(entry) && signalGroup(entry.pid, 'SIGKILL')) stopped++;
    }
  } catch {
    // unreadable: nothing we can trust
  }
  rmSync(file, { force: true });
  return stopped;
}
