/**
 * The leader's cron scheduler (jobs.md §8.4): once at start (the first observation of every
 * schedule) and then just after every minute boundary, so a run fires within its minute. A
 * schedule seen for the first time only records "now"; afterwards, when its latest occurrence is
 * newer than the last handled one, one run is enqueued as an internal trigger (missed occurrences
 * collapse into one catch-up run) and, on success, that occurrence is recorded.
 */
import type { Logger } from '../logging.js';
import type { JobService } from './job-service.js';
import { latestOccurrence } from './cron.js';
import { requestOf } from './schedule-entry.js';

export class JobScheduler {
  constructor(
    private readonly service: JobService,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds until just after the next minute boundary. */
  delayToNextMinute(): number {
    const now = this.clock();
    return 60_000 - (now % 60_000) + 250;
  }

  async cycle(): Promise<void> {
    const now = this.clock();
    const nowSeconds = Math.floor(now / 1000);
    for (const name of this.service.catalogue.definitions.keys()) {
      for (const { id, entry } of await this.service.allSchedules(name)) {
        const handled = await this.service.schedules.lastHandled(name, id);
        if (handled === null) {
          await this.service.schedules.setHandled(name, id, nowSeconds);
          continue;
        }
        const latest = latestOccurrence(entry.Schedule, now);
        if (latest === null || latest / 1000 <= handled) continue;
        const result = await this.service.trigger(name, requestOf(entry), true);
        if (result.ok) await this.service.schedules.setHandled(name, id, Math.floor(latest / 1000));
        else this.logger.warn(`schedule ${id} of job ${name} could not run: ${result.reason}`);
      }
    }
  }
}
