/**
 * The node's Prometheus registry (platform.md §1.10): queue gauges computed at scrape time from
 * the store, async dispatch counters/histograms, inbound HTTP metrics and Node.js process metrics.
 */
import client from 'prom-client';
import type { Store } from '../store/store.js';
import { queueKey } from '../queue/queue-keys.js';

const exponential = (start: number, count: number) => client.exponentialBuckets(start, 2, count);

export interface DispatchMetrics {
  wakes: client.Counter<'transport' | 'cause'>;
  cycleDuration: client.Histogram<'transport'>;
  snapshotDuration: client.Histogram<'transport'>;
  dequeueDuration: client.Histogram<'transport'>;
}

export interface HttpMetrics {
  received: client.Counter<'code' | 'method'>;
  duration: client.Histogram<'code' | 'method'>;
  inProgress: client.Gauge<'method'>;
}

export class NodeMetrics {
  readonly registry = new client.Registry();
  readonly dispatch: DispatchMetrics;
  readonly http: HttpMetrics;
  /** Hot path: plain counts per request, handed to prom-client at scrape time (no label hashing per request). */
  private readonly inProgressByMethod = new Map<string, number>();
  private readonly receivedByLabels = new Map<string, { labels: { code: string; method: string }; count: number; flushed: number }>();

  constructor(store: Store, functionNames: () => string[]) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry });
    const queueGauge = (name: string, help: string, pick: (s: Awaited<ReturnType<Store['queueSnapshot']>>) => number) =>
      new client.Gauge({
        name,
        help,
        labelNames: ['function'],
        registers,
        async collect() {
          this.reset();
          for (const fn of functionNames()) {
            const snapshot = await store.queueSnapshot(queueKey(fn));
            this.set({ function: fn }, pick(snapshot));
          }
        },
      });
    queueGauge('slimfaas_function_queue_ready_items', 'Queued async requests ready to be dispatched', (s) => s.available);
    queueGauge('slimfaas_function_queue_in_flight_items', 'Async requests being delivered', (s) => s.running);
    queueGauge('slimfaas_function_queue_retry_pending_items', 'Async requests waiting for a retry', (s) => s.waitingForRetry);
    this.dispatch = {
      wakes: new client.Counter({ name: 'slimfaas_async_dispatch_wake_total', help: 'Async dispatcher wake-ups', labelNames: ['transport', 'cause'], registers }),
      cycleDuration: new client.Histogram({ name: 'slimfaas_async_worker_cycle_duration_seconds', help: 'Async dispatcher cycle duration', labelNames: ['transport'], buckets: exponential(0.0005, 16), registers }),
      snapshotDuration: new client.Histogram({ name: 'slimfaas_async_queue_snapshot_duration_seconds', help: 'Queue snapshot duration', labelNames: ['transport'], buckets: exponential(0.0001, 16), registers }),
      dequeueDuration: new client.Histogram({ name: 'slimfaas_async_dequeue_duration_seconds', help: 'Dequeue duration', labelNames: ['transport'], buckets: exponential(0.0005, 16), registers }),
    };
    const inProgress = this.inProgressByMethod;
    const received = this.receivedByLabels;
    this.http = {
      received: new client.Counter({
        name: 'http_requests_received_total', help: 'HTTP requests received', labelNames: ['code', 'method'], registers,
        collect() {
          for (const entry of received.values()) {
            if (entry.count > entry.flushed) this.inc(entry.labels, entry.count - entry.flushed);
            entry.flushed = entry.count;
          }
        },
      }),
      duration: new client.Histogram({ name: 'http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['code', 'method'], buckets: exponential(0.001, 16), registers }),
      inProgress: new client.Gauge({
        name: 'http_requests_in_progress', help: 'HTTP requests in progress', labelNames: ['method'], registers,
        collect() {
          for (const [method, count] of inProgress) this.set({ method }, count);
        },
      }),
    };
  }

  /** One inbound request began (`http_requests_in_progress`). */
  requestStarted(method: string): void {
    this.inProgressByMethod.set(method, (this.inProgressByMethod.get(method) ?? 0) + 1);
  }

  /** Records one inbound request that ended; status codes are reduced to their class (`2xx`…). */
  observeRequest(method: string, status: number, seconds: number): void {
    this.inProgressByMethod.set(method, (this.inProgressByMethod.get(method) ?? 1) - 1);
    const code = `${Math.floor(status / 100)}xx`;
    const key = `${code} ${method}`;
    const entry = this.receivedByLabels.get(key);
    if (entry) entry.count++;
    else this.receivedByLabels.set(key, { labels: { code, method }, count: 1, flushed: 0 });
    this.http.duration.observe({ code, method }, seconds);
  }
}
