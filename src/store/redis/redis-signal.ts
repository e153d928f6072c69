/**
 * The queue change signal across nodes: local listeners are called right after a mutation this
 * store committed; mutations of other stores arrive over pub/sub on a dedicated subscriber
 * connection (opened with the first listener). After the subscriber reconnects, every queue is
 * signalled once, since messages sent while it was away are lost.
 */
import type { Redis } from 'ioredis';

type Listener = (key: string) => void;

export class QueueChangeSignal {
  private readonly listeners = new Set<Listener>();
  private subscriber: Redis | undefined;
  private subscribedOnce = false;
  private catchUps = 0;
  private closed = false;
  private markSubscribed: () => void = () => undefined;
  private readonly subscribed = new Promise<void>((resolve) => (this.markSubscribed = resolve));

  constructor(
    private readonly client: Redis,
    private readonly channel: string,
    /** Identifies this store's own messages, which are not delivered twice. */
    private readonly origin: string,
    /** Keys to signal after a reconnect (every non-empty queue). */
    private readonly catchUpKeys: () => Promise<string[]>,
  ) {}

  add(listener: Listener): () => void {
    // Wrapped so that the same function registered twice gets two independent subscriptions.
    const entry: Listener = (key) => listener(key);
    this.listeners.add(entry);
    if (!this.subscriber && !this.closed) this.subscribe();
    return () => this.listeners.delete(entry);
  }

  emit(key: string): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(key);
      } catch {
        // A failing listener must not break the mutation that already committed.
      }
    }
  }

  /** Resolves once the subscriber listens (at once without listeners), or false after the timeout. */
  async listening(timeoutMs: number): Promise<boolean> {
    if (!this.subscriber) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.subscribed.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const sub = this.subscriber;
    this.subscriber = undefined;
    if (sub) sub.disconnect();
  }

  private subscribe(): void {
    // Its own connection: a subscribed connection can run nothing else. Queued commands are fine here.
    const sub = this.client.duplicate({ enableOfflineQueue: true, autoResubscribe: false, commandTimeout: undefined, lazyConnect: true });
    this.subscriber = sub;
    sub.on('error', () => undefined);
    sub.on('message', (_channel: string, message: string) => {
      const newline = message.indexOf('\n');
      if (newline < 0 || message.slice(0, newline) === this.origin) return;
      this.emit(message.slice(newline + 1));
    });
    sub.on('ready', () => {
      sub.subscribe(this.channel).then(
        () => {
          const reconnected = this.subscribedOnce;
          this.subscribedOnce = true;
          this.markSubscribed();
          if (reconnected) void this.catchUp();
        },
        () => undefined, // the connection dropped again; the next 'ready' retries
      );
    });
    sub.connect().catch(() => undefined);
  }

  /**
   * Signals every non-empty queue. The main connection may come back after the subscriber: a
   * failed listing is retried (100 ms doubling to 2 s) until it succeeds, the store closes or a
   * newer reconnect takes over.
   */
  private async catchUp(): Promise<void> {
    const generation = ++this.catchUps;
    for (let delay = 100; !this.closed && generation === this.catchUps; delay = Math.min(delay * 2, 2_000)) {
      try {
        const keys = await this.catchUpKeys();
        for (const key of keys) if (!this.closed) this.emit(key);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }
}
