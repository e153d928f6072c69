/**
 * One SSE client of the status stream (platform.md §6.2): live events wait in a bounded buffer
 * (`SubscriberChannelCapacity`, oldest dropped); each wake-up writes at most 10 × batch events as
 * `activity`/`activity_batch` frames, then a due `state` frame, and yields to the event loop
 * before writing more. A client that does not read makes the node wait for `drain`, never buffer.
 */
import type { ServerResponse } from 'node:http';
import type { ActivityEvent } from './activity-event.js';
import { BoundedQueue } from './bounded-queue.js';
import { activityFrames, sseFrame, SSE_HEADERS } from './sse-frames.js';

export class SseClient {
  private readonly events: BoundedQueue<ActivityEvent>;
  private pendingState: string | null = null;
  private started = false;
  private scheduled = false;
  private waitingDrain = false;

  constructor(
    private readonly res: ServerResponse,
    capacity: number,
    private readonly batchSize: number,
  ) {
    this.events = new BoundedQueue(capacity);
  }

  /** Writes the headers and the first `state` frame, then whatever arrived meanwhile. */
  start(firstState: string): void {
    if (this.res.destroyed) return;
    this.res.writeHead(200, SSE_HEADERS);
    this.started = true;
    this.write(sseFrame('state', firstState));
    this.schedule();
  }

  pushEvent(event: ActivityEvent): void {
    this.events.push(event);
    this.schedule();
  }

  /** A periodic `state` frame; a newer one replaces one not yet written. */
  pushState(json: string): void {
    this.pendingState = json;
    this.schedule();
  }

  private schedule(): void {
    if (!this.started || this.scheduled || this.waitingDrain || this.res.destroyed) return;
    if (this.events.length === 0 && this.pendingState === null) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.res.destroyed) return;
    let out = this.events.length > 0 ? activityFrames(this.events.take(10 * this.batchSize), this.batchSize) : '';
    if (this.pendingState !== null) {
      out += sseFrame('state', this.pendingState);
      this.pendingState = null;
    }
    if (out !== '' && !this.write(out)) return;
    this.schedule();
  }

  /** Writes; false when the socket buffer is full (the next flush waits for `drain`). */
  private write(text: string): boolean {
    if (this.res.write(text)) return true;
    this.waitingDrain = true;
    this.res.once('drain', () => {
      this.waitingDrain = false;
      this.schedule();
    });
    return false;
  }
}
