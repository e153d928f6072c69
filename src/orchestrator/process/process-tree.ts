/** Registry of live child PIDs and whole-process-group signalling, so a stopped child never leaves descendants behind. */
import { spawnSync } from 'node:child_process';

const liveChildren = new Set<number>();

/** Told of every child start and exit (the supervisor's process ledger). */
export interface ChildObserver {
  add(pid: number): void;
  remove(pid: number): void;
}

const observers = new Set<ChildObserver>();

export function observeChildren(observer: ChildObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function trackChild(pid: number): void {
  liveChildren.add(pid);
  for (const observer of observers) observer.add(pid);
}

export function untrackChild(pid: number): void {
  liveChildren.delete(pid);
  for (const observer of observers) observer.remove(pid);
}

/** PIDs of every child launched by the process orchestrator that has not exited yet. */
export function pidsOfChildren(): number[] {
  return [...liveChildren];
}

/**
 * Signals the process group led by `pid` (children are spawned `detached`, so they lead their own
 * group). Returns false when the group no longer exists. On Windows the tree is terminated with
 * `taskkill /T /F` whatever the signal.
 */
export function signalTree(pid: number, signal: 'SIGTERM' | 'SIGKILL'): boolean {
  if (process.platform === 'win32') {
    const result = spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return result.status === 0;
  }
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
