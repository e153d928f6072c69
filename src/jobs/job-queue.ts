/**
 * The durable job queue (jobs.md §5.1): one Store hash per definition (`Job:<name>`, lower case),
 * one field per queued run, FIFO by enqueue time. A run whose creation failed becomes available
 * again after 2, 4, 8, 16, 32 s and is dropped after its 6th failed attempt. Only the leader
 * dispatches; triggers and cancels are single-field writes, so replicas never conflict.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { RunRequest } from './job-request.js';
import { newRunName } from './job-names.js';
import { msToTicks } from '../util/dotnet-ticks.js';

export const RETRY_DELAYS_S = [2, 4, 8, 16, 32];

export interface QueuedRun {
  /** The run's `Id` (queue element id). */
  id: string;
  runName: string;
  definition: string;
  inQueueMs: number;
  inQueueTicks: string;
  /** Tie-break of runs enqueued in the same millisecond by this process. */
  seq: number;
  run: RunRequest;
  failures: number;
  notBeforeMs: number;
}

export const queueKeyOf = (definition: string) => `Job:${definition}`;

export class JobQueue {
  private sequence = 0;

  constructor(private readonly store: Store) {}

  async enqueue(definition: string, run: RunRequest, nowMs: number): Promise<QueuedRun> {
    const queued: QueuedRun = {
      id: randomUUID(),
      runName: newRunName(definition),
      definition,
      inQueueMs: nowMs,
      inQueueTicks: msToTicks(nowMs).toString(),
      seq: this.sequence++,
      run,
      failures: 0,
      notBeforeMs: 0,
    };
    await this.store.hashSet(queueKeyOf(definition), { [queued.id]: JSON.stringify(queued) });
    return queued;
  }

  /** Every queued run of a definition, oldest first (runs waiting for a creation retry included). */
  async list(definition: string): Promise<QueuedRun[]> {
    const fields = await this.store.hashGetAll(queueKeyOf(definition));
    const runs: QueuedRun[] = [];
    for (const value of Object.values(fields)) {
      try {
        runs.push(JSON.parse(value.toString('utf8')) as QueuedRun);
      } catch {
        // A corrupt field cannot be run; it is ignored (and removed by the next successful write of its id).
      }
    }
    return runs.sort((a, b) => a.inQueueMs - b.inQueueMs || a.seq - b.seq);
  }

  /** Queued runs that may be created now, oldest first. */
  async available(definition: string, nowMs: number): Promise<QueuedRun[]> {
    return (await this.list(definition)).filter((r) => r.notBeforeMs <= nowMs);
  }

  async has(definition: string, id: string): Promise<boolean> {
    return Object.hasOwn(await this.store.hashGetAll(queueKeyOf(definition)), id);
  }

  async remove(definition: string, id: string): Promise<void> {
    if (id !== '') await this.store.hashDelete(queueKeyOf(definition), id);
  }

  /** A failed creation: retried after the next delay, dropped after the 6th failure; returns whether it stays. */
  async recordFailure(run: QueuedRun, nowMs: number): Promise<boolean> {
    const failures = run.failures + 1;
    if (failures > RETRY_DELAYS_S.length) {
      await this.remove(run.definition, run.id);
      return false;
    }
    const next: QueuedRun = { ...run, failures, notBeforeMs: nowMs + RETRY_DELAYS_S[failures - 1]! * 1000 };
    await this.store.hashSet(queueKeyOf(run.definition), { [run.id]: JSON.stringify(next) });
    return true;
  }
}
