/**
 * The node's SSE clients (platform.md §6.2): at most `MaxSseClients` (0 = unlimited); one
 * recorder subscription fanned out to every client; one periodic `state` frame per
 * `StateIntervalMilliseconds`, built once and shared; peer sync running. All of it exists only
 * while at least one client is connected: with none, nothing runs.
 */
import type { Logger } from '../logging.js';
import type { ActivityRecorder } from './activity-recorder.js';
import type { SseClient } from './sse-client.js';

export interface StatusHubOptions {
  recorder: ActivityRecorder;
  maxClients: number;
  stateIntervalMs: number;
  /** A periodic `state` document (empty `RecentActivity`). */
  buildState: () => Promise<string>;
  /** Started with the first client, stopped with the last. */
  background?: { start(): void; stop(): void };
  logger: Logger;
}

export class StatusHub {
  private readonly clients = new Set<SseClient>();
  private unsubscribe: (() => void) | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private building = false;

  constructor(private readonly o: StatusHubOptions) {}

  get size(): number {
    return this.clients.size;
  }

  /** False when the client limit is reached. */
  tryAdd(client: SseClient): boolean {
    if (this.o.maxClients > 0 && this.clients.size >= this.o.maxClients) return false;
    this.clients.add(client);
    if (this.clients.size === 1) this.begin();
    return true;
  }

  remove(client: SseClient): void {
    if (!this.clients.delete(client)) return;
    if (this.clients.size === 0) this.end();
  }

  private begin(): void {
    this.unsubscribe = this.o.recorder.subscribe((event) => {
      for (const client of this.clients) client.pushEvent(event);
    });
    this.ticker = setInterval(() => this.tick(), this.o.stateIntervalMs);
    this.ticker.unref();
    this.o.background?.start();
  }

  private end(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.o.background?.stop();
  }

  private tick(): void {
    if (this.building) return;
    this.building = true;
    this.o
      .buildState()
      .then((json) => {
        for (const client of this.clients) client.pushState(json);
      })
      .catch((err: Error) => this.o.logger.warn(`status stream state: ${err.message}`))
      .finally(() => (this.building = false));
  }
}
