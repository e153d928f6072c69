// Active requests per function: opened by request_waiting/started/out, closed by response/request_end (CorrelationId).
import type { NetworkActivityEvent } from '../lib/types';

const EXPIRE_MS = 60_000;

export class ActiveRequests {
  private open = new Map<string, { fn: string; at: number }>();

  apply(event: NetworkActivityEvent): void {
    const id = event.CorrelationId;
    if (!id) return;
    if (event.Type === 'request_waiting' || event.Type === 'request_started' || event.Type === 'request_out') {
      const fn = event.Target && event.Target !== 'slimfaas' ? event.Target : event.QueueName;
      if (fn) this.open.set(id, { fn, at: Date.now() });
    } else if (event.Type === 'request_end' || event.Type === 'response') {
      this.open.delete(id);
    }
  }

  counts(): Map<string, number> {
    const now = Date.now();
    const counts = new Map<string, number>();
    for (const [id, entry] of this.open) {
      if (now - entry.at > EXPIRE_MS) this.open.delete(id);
      else counts.set(entry.fn, (counts.get(entry.fn) ?? 0) + 1);
    }
    return counts;
  }
}
