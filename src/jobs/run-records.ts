/**
 * Runs handed to the orchestrator, recorded in the Store (`JobRuns`) before they are created and
 * forgotten once they have finished. A leader that starts finds the runs a crash or restart
 * interrupted (recorded before it started, unknown to the orchestrator) and creates them again;
 * creation is idempotent per run name, so a run is never started twice while it exists.
 */
import type { Store } from '../store/store.js';
import type { JobRunSpec } from '../orchestrator/jobs.js';

const KEY = 'JobRuns';

export interface RunRecord {
  spec: JobRunSpec;
  recordedAtMs: number;
}

export class RunRecords {
  constructor(private readonly store: Store) {}

  async put(spec: JobRunSpec, nowMs: number): Promise<void> {
    await this.store.hashSet(KEY, { [spec.name]: JSON.stringify({ spec, recordedAtMs: nowMs } satisfies RunRecord) });
  }

  async all(): Promise<RunRecord[]> {
    const fields = await this.store.hashGetAll(KEY);
    const out: RunRecord[] = [];
    for (const value of Object.values(fields)) {
      try {
        out.push(JSON.parse(value.toString('utf8')) as RunRecord);
      } catch {
        // Ignored: not a record this version wrote.
      }
    }
    return out;
  }

  async remove(runName: string): Promise<void> {
    if (runName !== '') await this.store.hashDelete(KEY, runName);
  }
}
