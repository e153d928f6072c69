/**
 * Leader loop delivering queued async requests (functions.md §7.3–§7.5), run by the node's
 * ReconcileRunner. It wakes on every committed queue mutation, on every attempt completion and on
 * topology changes; while work is pending it also wakes every `fallbackMs` (retry delays,
 * timeouts). Idle, it costs nothing. Its store transitions carry the lease's fencing token.
 */
import { randomUUID } from 'node:crypto';
import { StoreError, type Store, type QueueElement } from '../store/store.js';
import type { FunctionRegistry, FunctionEntry } from '../functions/function-registry.js';
import type { Leadership } from '../cluster/leadership.js';
import type { Logger } from '../logging.js';
import type { ActivityTracker } from '../scaling/activity-tracker.js';
import { readyPods, isEndpointReady } from '../model/function-status.js';
import type { PodInfo } from '../orchestrator/orchestrator.js';
import { buildTargetUrl, isPodTemplate } from '../proxy/url-template.js';
import type { Readable } from 'node:stream';
import { TimeoutError, forwardableHeaders, methodHasBody, type CapturedResponse, type UpstreamClient } from '../proxy/upstream-client.js';
import type { AsyncResultsHook } from '../async-results/async-results-hook.js';
import type { BodySpool } from './body-spool.js';
import { closeLastAttempt, elementState } from './queue-state.js';
import type { TargetSelector } from '../proxy/target-selector.js';
import { decodeRequestOrNull, removeSpooledBody, type CapturedRequest } from './captured-request.js';
import { continueTrace } from '../telemetry/hooks.js';
import { queueKey } from './queue-keys.js';
import { podReservationKey, reservePods } from './reserve-pods.js';
import { LocalDeliveries } from './local-deliveries.js';
import type { LoopHandle, ReconcileRunner } from '../cluster/reconcile-runner.js';
import type { DispatchMetrics } from '../metrics/node-metrics.js';
import type { ActivityRecorder } from '../status/activity-recorder.js';
import { SLIMFAAS } from '../status/activity-event.js';

export interface DispatcherOptions {
  store: Store;
  registry: FunctionRegistry;
  leadership: Leadership;
  runner: ReconcileRunner;
  activity: ActivityTracker;
  client: UpstreamClient;
  selector: TargetSelector;
  logger: Logger;
  baseFunctionUrl: string;
  namespace: string;
  fallbackMs: number;
  /** Where out-of-line bodies are (src/queue/body-spool.ts). */
  spool: BodySpool;
  /** This node's name, and how to read a body spooled on another node (several nodes). */
  nodeName?: string;
  openRemoteBody?: (file: string, owner: string) => Promise<Readable>;
  metrics?: DispatchMetrics;
  /** Dashboard activity: `dequeue`, `request_out`, `response` per delivery. */
  recorder?: ActivityRecorder;
  /** Status and result of each call (src/async-results/). */
  results?: AsyncResultsHook;
}

export class Dispatcher {
  private readonly local = new LocalDeliveries();
  private lastTouch = new Map<string, number>();
  private loop: LoopHandle | null = null;
  private stopped = false;
  private readonly abort = new AbortController();
  private unsubscribes: Array<() => void> = [];

  constructor(private readonly o: DispatcherOptions) {}

  start(): void {
    this.loop = this.o.runner.add({ name: 'async dispatcher', everyMs: this.o.fallbackMs, reconcile: () => this.timedCycle() });
    this.unsubscribes.push(this.o.store.onQueueChange(() => this.wake('mutation')));
    this.kickOnRegistryChanges();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    await this.loop?.idle();
  }

  private kickOnRegistryChanges(): void {
    const loop = async () => {
      while (!this.stopped) {
        await this.o.registry.nextChange(60_000);
        if (!this.stopped) this.wake('fallback');
      }
    };
    void loop();
  }

  wake(cause: 'mutation' | 'completion' | 'fallback'): void {
    if (this.stopped) return;
    this.o.metrics?.wakes.inc({ transport: 'http', cause });
    this.loop?.wake();
  }

  /** One pass; while work is pending, the next after `fallbackMs`, else only when woken. */
  private async timedCycle(): Promise<number | null> {
    if (this.stopped) return null;
    const started = performance.now();
    const pending = await this.cycle();
    this.o.metrics?.cycleDuration.observe({ transport: 'http' }, (performance.now() - started) / 1000);
    return pending ? this.o.fallbackMs : null;
  }

  /** One pass over every function; returns whether any queue still holds work. */
  private async cycle(): Promise<boolean> {
    let pending = false;
    for (const entry of this.o.registry.list()) {
      if (entry.virtual) continue; // WebSocket functions: src/ws/ws-dispatcher.ts
      if (await this.dispatchFunction(entry)) pending = true;
    }
    return pending;
  }

  private async dispatchFunction(entry: FunctionEntry): Promise<boolean> {
    const { store, metrics } = this.o;
    const name = entry.name;
    const key = queueKey(name);
    const pods = readyPods(entry.workload);
    const { numberParallelRequest, numberParallelRequestPerPod } = entry.config;
    const maxParallel = Math.min(numberParallelRequest, pods.length * numberParallelRequestPerPod);
    const inFlight = this.local.count(name);
    const slots = Math.max(0, maxParallel - inFlight);
    // Every slot busy with this node's own deliveries: work is pending and nothing can be taken, so
    // the snapshot is skipped (a burst wakes the loop on every push); a completion wakes it again.
    if (slots === 0 && inFlight > 0) {
      this.keepAwake(entry);
      return true;
    }
    const fence = this.o.leadership.fenceToken?.() ?? null;
    // Elements known available (src/queue/local-deliveries.ts): popped without a snapshot first.
    let available = this.local.knownAvailable(name, fence);
    let loads = this.local.loadsOf(name);
    let exclusive = true;
    if (available === 0) {
      const t0 = performance.now();
      const snapshot = await store.queueSnapshot(key);
      metrics?.snapshotDuration.observe({ transport: 'http' }, (performance.now() - t0) / 1000);
      if (snapshot.available + snapshot.running + snapshot.waitingForRetry === 0) return false;
      available = snapshot.available;
      exclusive = snapshot.running === this.local.count(name);
      loads = new Map<string, number>();
      for (const { reservedIp } of snapshot.runningReservations) loads.set(reservedIp, (loads.get(reservedIp) ?? 0) + 1);
    }
    this.keepAwake(entry);

    if (entry.workload.replicas === 0 || available === 0 || slots === 0 || pods.length === 0 || !isEndpointReady(entry.workload)) {
      return true;
    }
    const podKeys = pods.map(podReservationKey);
    const start = this.o.selector.nextStart(name, pods);
    const reserved = reservePods(podKeys, loads, numberParallelRequestPerPod, Math.min(slots, available), start);
    if (reserved.length === 0) return true;
    this.o.selector.remember(name, pods[podKeys.indexOf(reserved[reserved.length - 1])]);

    const t1 = performance.now();
    const elements = await this.fenced(() => store.queuePop(key, randomUUID(), reserved.length, reserved, fence));
    metrics?.dequeueDuration.observe({ transport: 'http' }, (performance.now() - t1) / 1000);
    this.local.popped(name, fence, available, reserved.length, elements.length, exclusive);
    elements.forEach((element, i) => {
      const podKey = element.attempts.at(-1)?.reservedIp ?? reserved[i];
      void this.deliver(entry, element, pods[podKeys.indexOf(podKey)] ?? pods[0], podKey);
    });
    return true;
  }

  /** Runs a leader-only store transition; a fenced refusal means another node leads now. */
  private async fenced<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      if (err instanceof StoreError && err.code === 'fenced') this.o.leadership.lost?.();
      throw err;
    }
  }

  /** Keeps a function with queued work awake (§6.6: ~every 100 ms at zero replicas, ~400 ms otherwise). */
  private keepAwake(entry: FunctionEntry): void {
    const now = Date.now();
    const every = entry.workload.replicas === 0 ? 100 : 400;
    if (now - (this.lastTouch.get(entry.name) ?? 0) >= every) {
      this.lastTouch.set(entry.name, now);
      this.o.activity.touch(entry.name);
    }
  }

  private async deliver(entry: FunctionEntry, element: QueueElement, reservedPod: PodInfo, podKey: string): Promise<void> {
    const name = entry.name;
    this.local.begin(name, podKey);
    const end = this.o.activity.begin(name);
    const correlation = this.o.recorder?.record('dequeue', SLIMFAAS, name, name) ?? 0;
    const results = this.o.results;
    const request = decodeRequestOrNull(element.value); // once per delivery: attempt, callback URL, body removal
    const captureLimit = results?.captureLimit(entry, request) ?? null;
    const warnStatus = (err: unknown) => this.o.logger.warn(`async status of ${element.id}: ${(err as Error).message}`);
    const tracksStatus = results?.tracksStatus(entry) ?? false;
    if (tracksStatus) results!.started(name, element.id, element.attempts.length);
    const out: { response?: CapturedResponse } = {};
    let code: number | null = null;
    const attemptStart = performance.now();
    try {
      code = await this.attempt(entry, element, request, reservedPod, correlation, captureLimit, out);
    } finally {
      end();
      this.local.end(name, podKey, code === null);
    }
    if (this.stopped || !this.o.leadership.isLeader()) return;
    if (code === null) {
      this.wake('completion');
      return;
    }
    const ends = endsElement(element, code);
    // A final failure is kept as a dead letter before its element ends (src/async-results/dead-letters.ts).
    const deadLettered = ends && code >= 400 && results ? await results.deadLetter(entry, element, code).catch((err) => (warnStatus(err), false)) : false;
    const recording = this.fenced(() => this.o.store.queueCallback(queueKey(name), [{ id: element.id, httpCode: code }], this.o.leadership.fenceToken?.() ?? null)).then(
      () => true,
      (err) => {
        this.o.logger.warn(`recording async result of ${element.id} failed: ${(err as Error).message}`);
        return false;
      },
    );
    // The slot is free: the pass woken now takes the next element while this result is committed
    // (its snapshot waits for the commit the callback was issued into, and its pop shares it).
    this.wake('completion');
    const recorded = await recording;
    if (recorded && ends && !deadLettered && request) await removeSpooledBody(this.o.spool, request);
    if (recorded && ends) results?.finished(entry, element, request, code, performance.now() - attemptStart, out.response);
    if (recorded && tracksStatus) await results!.ended(name, element.id, code, out.response, deadLettered).catch(warnStatus);
  }

  /** Returns the status to record, or null for "202 mode" (the attempt stays running). */
  private async attempt(entry: FunctionEntry, element: QueueElement, request: CapturedRequest | null, reservedPod: PodInfo, correlation: number, captureLimit: number | null, out: { response?: CapturedResponse }): Promise<number | null> {
    if (!request) return 500;
    const pod = this.currentPod(entry.name, reservedPod);
    if (!pod && isPodTemplate(this.o.baseFunctionUrl)) return 500;
    const tryNumber = element.attempts.length;
    const lastTry = tryNumber >= 1 + element.policy.timeoutRetriesSeconds.length;
    const headers = forwardableHeaders(request.headers, request.method);
    headers['slimfaas-element-id'] = element.id;
    headers['slimfaas-try-number'] = String(tryNumber);
    headers['slimfaas-last-try'] = lastTry ? 'true' : 'false';
    let body: Buffer | Readable = request.body;
    if (request.bodyFile) {
      try {
        const { file, owner } = request.bodyFile;
        const remote = owner !== undefined && owner !== this.o.nodeName && this.o.openRemoteBody;
        body = remote ? await this.o.openRemoteBody!(file, owner!) : await this.o.spool.open(file);
      } catch (err) {
        // E18: an out-of-line body lost before dispatch is recorded as 500 without calling the function.
        this.o.logger.warn(`async delivery of ${element.id}: ${(err as Error).message}`);
        return 500;
      }
      if (methodHasBody(request.method)) headers['content-length'] = String(request.bodyFile.size);
    }
    const url = buildTargetUrl({
      template: this.o.baseFunctionUrl,
      pod: pod ?? undefined,
      functionName: entry.name,
      namespace: this.o.namespace,
      path: request.path,
      query: request.query,
    });
    const recorder = correlation !== 0 ? this.o.recorder : undefined;
    recorder?.record('request_out', SLIMFAAS, entry.name, entry.name, null, pod?.name ?? null, correlation);
    try {
      // The client span (OpenTelemetry on) continues the trace captured at enqueue time.
      const outbound = { url, method: request.method, headers, body, timeoutMs: element.policy.httpTimeoutSeconds * 1000, signal: this.abort.signal };
      const status = await continueTrace(request.headers, async () => {
        if (captureLimit === null) return this.o.client.send(outbound);
        out.response = await this.o.client.capture(outbound, captureLimit);
        return out.response.status;
      });
      recorder?.record('response', entry.name, SLIMFAAS, entry.name, pod?.name ?? null, null, correlation);
      return status === 202 ? null : status;
    } catch (err) {
      if (err instanceof TimeoutError) return 504;
      if (this.stopped) return null;
      this.o.logger.debug(`async delivery of ${element.id} to ${url} failed: ${(err as Error).message}`);
      return 500;
    } finally {
      if (!Buffer.isBuffer(body)) body.destroy();
    }
  }

  /** The reserved pod if still ready, else another ready pod of the function. */
  private currentPod(functionName: string, reserved: PodInfo): PodInfo | null {
    const entry = this.o.registry.get(functionName);
    if (!entry) return null;
    const pods = readyPods(entry.workload);
    return pods.find((p) => p.name === reserved.name) ?? pods[0] ?? null;
  }
}

/** Whether recording `code` on the element's open attempt ends it (no retry left or not retried). */
function endsElement(element: QueueElement, code: number): boolean {
  const now = Date.now();
  return elementState({ policy: element.policy, attempts: closeLastAttempt(element.attempts, now, code) }, now) === 'finished';
}
