/**
 * Async delivery to WebSocket functions (functions.md §7.8, §11.4) through the same queue and
 * retry model as HTTP functions. Each node delivers the queues of the WebSocket functions
 * connected to it (a WebSocket function exists only on its clients' node), leader or not.
 * Per function: maxParallel = min(NumberParallelRequest, connections × NumberParallelRequestPerPod)
 * minus local in-flight; one AsyncRequest per popped element; its AsyncCallback status is the
 * attempt's outcome (202: still running, a later callback records it; none in time: 504;
 * send error: 500; no connection or disconnect: 503).
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { QueueElement, Store } from '../store/store.js';
import type { Logger } from '../logging.js';
import type { ActivityTracker } from '../scaling/activity-tracker.js';
import type { BodySpool } from '../queue/body-spool.js';
import type { LoopHandle, ReconcileRunner } from '../cluster/reconcile-runner.js';
import type { DispatchMetrics } from '../metrics/node-metrics.js';
import { decodeRequest, removeSpooledBody, type CapturedRequest } from '../queue/captured-request.js';
import { queueKey } from '../queue/queue-keys.js';
import { closeLastAttempt, elementState } from '../queue/queue-state.js';
import { DISCONNECTED_STATUS, type WsConnection } from './ws-connection.js';
import type { WebSocketFunctions, WsFunction } from './ws-functions.js';
import { encodeEnvelope, MessageType } from './ws-protocol.js';

/** No AsyncCallback within this ⇒ 504 (§11.4), bounded by the attempt's own HttpTimeout. */
export const CALLBACK_TIMEOUT_MS = 300_000;
const TRANSPORT = { transport: 'websocket' } as const;

export interface WsDispatcherOptions {
  store: Store;
  functions: WebSocketFunctions;
  runner: ReconcileRunner;
  activity: ActivityTracker;
  spool: BodySpool;
  logger: Logger;
  fallbackMs: number;
  nodeName?: string;
  openRemoteBody?: (file: string, owner: string) => Promise<Readable>;
  metrics?: DispatchMetrics;
}

export class WsDispatcher {
  private readonly inFlight = new Map<string, number>();
  /** Elements whose client answered 202: element id → function and until when a later callback counts. */
  private readonly deferred = new Map<string, { fn: string; untilMs: number }>();
  private readonly lastTouch = new Map<string, number>();
  private loop: LoopHandle | null = null;
  private stopped = false;
  private unsubscribes: Array<() => void> = [];

  constructor(private readonly o: WsDispatcherOptions) {}

  start(): void {
    const pass = () => this.timedPass();
    // Not a leader-only duty here: every node serves its own connections (follow = the same pass).
    this.loop = this.o.runner.add({ name: 'websocket dispatcher', everyMs: this.o.fallbackMs, reconcile: pass, follow: pass });
    this.unsubscribes.push(this.o.store.onQueueChange(() => this.wake('mutation')));
    this.unsubscribes.push(this.o.functions.onChange(() => this.wake('fallback')));
    this.o.functions.lateCallback = (fn, id, status) => void this.late(fn, id, status);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    await this.loop?.idle();
  }

  private wake(cause: 'mutation' | 'completion' | 'fallback'): void {
    if (this.stopped) return;
    this.o.metrics?.wakes.inc({ ...TRANSPORT, cause });
    this.loop?.wake();
  }

  private async timedPass(): Promise<number | null> {
    if (this.stopped) return null;
    const started = performance.now();
    let pending = false;
    for (const fn of this.o.functions.functions()) if (await this.dispatchFunction(fn)) pending = true;
    const now = Date.now();
    for (const [id, d] of this.deferred) if (d.untilMs < now) this.deferred.delete(id);
    this.o.metrics?.cycleDuration.observe(TRANSPORT, (performance.now() - started) / 1000);
    return pending ? this.o.fallbackMs : null;
  }

  private async dispatchFunction(fn: WsFunction): Promise<boolean> {
    const { store, metrics } = this.o;
    const key = queueKey(fn.name);
    const t0 = performance.now();
    const snapshot = await store.queueSnapshot(key);
    metrics?.snapshotDuration.observe(TRANSPORT, (performance.now() - t0) / 1000);
    if (snapshot.available + snapshot.running + snapshot.waitingForRetry === 0) return false;
    this.keepAwake(fn.name);
    const { numberParallelRequest, numberParallelRequestPerPod } = fn.configuration;
    const live = fn.connections.filter((c) => c.isOpen).length;
    const maxParallel = Math.min(Math.max(1, numberParallelRequest), live * Math.max(1, numberParallelRequestPerPod));
    const slots = Math.max(0, maxParallel - (this.inFlight.get(fn.name) ?? 0));
    if (snapshot.available === 0 || slots === 0) return true;
    const chosen: WsConnection[] = [];
    const extra = new Map<WsConnection, number>();
    while (chosen.length < Math.min(slots, snapshot.available)) {
      const connection = this.o.functions.select(fn.name, extra);
      if (!connection) break;
      chosen.push(connection);
      extra.set(connection, (extra.get(connection) ?? 0) + 1);
    }
    if (chosen.length === 0) return true;
    const t1 = performance.now();
    const elements = await store.queuePop(key, randomUUID(), chosen.length, chosen.map((c) => c.id), null);
    metrics?.dequeueDuration.observe(TRANSPORT, (performance.now() - t1) / 1000);
    elements.forEach((element, i) => void this.deliver(fn.name, element, chosen[i] ?? chosen[0]!));
    return true;
  }

  private keepAwake(name: string): void {
    const now = Date.now();
    if (now - (this.lastTouch.get(name) ?? 0) >= 400) {
      this.lastTouch.set(name, now);
      this.o.activity.touch(name);
    }
  }

  private async deliver(name: string, element: QueueElement, connection: WsConnection): Promise<void> {
    this.inFlight.set(name, (this.inFlight.get(name) ?? 0) + 1);
    this.deferred.delete(element.id);
    const end = this.o.activity.begin(name);
    let code: number | null;
    try {
      code = await this.attempt(name, element, connection);
    } finally {
      end();
      this.inFlight.set(name, (this.inFlight.get(name) ?? 1) - 1);
    }
    if (this.stopped) return;
    if (code === null) {
      this.deferred.set(element.id, { fn: name, untilMs: (element.attempts.at(-1)?.startMs ?? Date.now()) + element.policy.httpTimeoutSeconds * 1000 });
    } else {
      await this.record(name, element, code);
    }
    this.wake('completion');
  }

  private async record(name: string, element: QueueElement, code: number): Promise<void> {
    try {
      await this.o.store.queueCallback(queueKey(name), [{ id: element.id, httpCode: code }], null);
      if (endsElement(element, code)) await removeSpooledBody(this.o.spool, element.value);
    } catch (err) {
      this.o.logger.warn(`recording async result of ${element.id} failed: ${(err as Error).message}`);
    }
  }

  /** A callback after a 202: recorded on the element's open attempt while that attempt may still run. */
  private async late(name: string, elementId: string, statusCode: number): Promise<void> {
    const d = this.deferred.get(elementId);
    if (!d || d.fn !== name || statusCode === 202) return;
    this.deferred.delete(elementId);
    try {
      await this.o.store.queueCallback(queueKey(name), [{ id: elementId, httpCode: statusCode }], null);
    } catch (err) {
      this.o.logger.warn(`recording async result of ${elementId} failed: ${(err as Error).message}`);
    }
    this.wake('completion');
  }

  /** The status to record, or null for "still running" (the client answered 202). */
  private async attempt(name: string, element: QueueElement, connection: WsConnection): Promise<number | null> {
    let request: CapturedRequest;
    try {
      request = decodeRequest(element.value);
    } catch {
      return 500;
    }
    if (!connection.isOpen) return DISCONNECTED_STATUS;
    // Counted as the connection's active request from now on (the per-pod limit of the next choice).
    const timeoutMs = Math.min(CALLBACK_TIMEOUT_MS, element.policy.httpTimeoutSeconds * 1000);
    const status = connection.awaitCallback(element.id, timeoutMs);
    let body: Buffer;
    try {
      body = request.bodyFile ? await this.readBody(request.bodyFile) : request.body;
    } catch (err) {
      // E18: an out-of-line body lost before dispatch is recorded as 500 without calling the function.
      connection.cancelCallback(element.id);
      this.o.logger.warn(`async delivery of ${element.id}: ${(err as Error).message}`);
      return 500;
    }
    const tryNumber = element.attempts.length;
    const payload = {
      elementId: element.id,
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: body.length > 0 ? body.toString('base64') : null,
      isLastTry: tryNumber >= 1 + element.policy.timeoutRetriesSeconds.length,
      tryNumber,
    };
    try {
      await connection.sendText(encodeEnvelope(MessageType.AsyncRequest, element.id, payload));
    } catch {
      connection.cancelCallback(element.id);
      return connection.isOpen ? 500 : DISCONNECTED_STATUS;
    }
    const code = await status;
    return code === 202 ? null : code;
  }

  private async readBody(file: { file: string; size: number; owner?: string }): Promise<Buffer> {
    const remote = file.owner !== undefined && file.owner !== this.o.nodeName && this.o.openRemoteBody;
    const stream = remote ? await this.o.openRemoteBody!(file.file, file.owner!) : await this.o.spool.open(file.file);
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
}

/** Whether recording `code` on the element's open attempt ends it (no retry left or not retried). */
function endsElement(element: QueueElement, code: number): boolean {
  const now = Date.now();
  return elementState({ policy: element.policy, attempts: closeLastAttempt(element.attempts, now, code) }, now) === 'finished';
}
