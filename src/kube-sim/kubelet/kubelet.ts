/**
 * The scheduler and kubelet of the one simulated node: binds pods to the node (or leaves them Pending with
 * `PodScheduled=False, reason Unschedulable` when told so), gives each its own loopback IP, runs it as a
 * `PodWorker`, writes its status, ends it gracefully on deletion and then removes it. Every process it started
 * is gone once `stop()` resolves.
 */
import type { KubeApi } from '../api/kube-api.js';
import { controllerOf } from '../api/object-meta.js';
import type { StoreEvent } from '../api/object-store.js';
import { TYPES, findByResource } from '../api/resource-types.js';
import { isTerminal } from '../controllers/pods.js';
import { WorkQueue, objectKeyOf, splitKey } from '../controllers/work-queue.js';
import { timestamp } from '../model/time.js';
import type { KubeObject, Pod } from '../model/types.js';
import type { PodLogSource } from '../http/log-handler.js';
import type { IpAllocator } from './ip-allocator.js';
import { runningStatus, scheduledConditions, unschedulableStatus } from './pod-status.js';
import { PodWorker, type PodWorkerSettings } from './pod-worker.js';

export interface KubeletOptions extends Omit<PodWorkerSettings, 'sources'> {
  nodeName: string;
  ips: IpAllocator;
  /** Upper bound of the grace period when the simulator stops. */
  stopGraceMs: number;
  log(message: string): void;
}

/** What tests see of a pod: its object state plus the process behind it. */
export interface SimPod {
  namespace: string;
  name: string;
  uid: string;
  phase: string;
  ready: boolean;
  ip?: string;
  /** PID of the running process of the first container (leader of its own process group). */
  pid?: number;
  restartCount: number;
  nodeName?: string;
  owner?: { kind: string; name: string };
  labels: Record<string, string>;
  deleting: boolean;
}

const CONFIGMAPS = findByResource('', 'v1', 'configmaps')!;
const SECRETS = findByResource('', 'v1', 'secrets')!;
const UNSCHEDULABLE_MESSAGE = '0/1 nodes are available: 1 node(s) were marked unschedulable by the simulator. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';

export class Kubelet implements PodLogSource {
  private readonly workers = new Map<string, PodWorker>();
  private readonly terminating = new Map<string, Promise<void>>();
  private readonly unschedulable = new Set<string>();
  private readonly readyOverrides = new Map<string, boolean>();
  private readonly queue: WorkQueue;
  private readonly settings: PodWorkerSettings;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly api: KubeApi,
    private readonly options: KubeletOptions,
  ) {
    this.settings = {
      ...options,
      sources: {
        configMap: (ns, name) => api.tryGet(CONFIGMAPS, ns, name),
        secret: (ns, name) => api.tryGet(SECRETS, ns, name),
      },
    };
    this.queue = new WorkQueue(
      (key) => this.reconcile(key),
      (key, err) => options.log(`kubelet ${key}: ${(err as Error)?.stack ?? String(err)}`),
    );
  }

  start(): void {
    this.unsubscribe = this.api.store.subscribe((event: StoreEvent) => {
      if (event.resource === TYPES.pods) this.queue.add(objectKeyOf(event.object.metadata.namespace, event.object.metadata.name!));
    });
    for (const pod of this.api.store.list(TYPES.pods)) this.queue.add(objectKeyOf(pod.metadata.namespace, pod.metadata.name!));
  }

  setUnschedulable(namespace: string, name: string, on: boolean): void {
    if (on) this.unschedulable.add(objectKeyOf(namespace, name));
    else this.unschedulable.delete(objectKeyOf(namespace, name));
    for (const pod of this.api.store.list(TYPES.pods, namespace)) this.queue.add(objectKeyOf(namespace, pod.metadata.name!));
  }

  /** Forces a pod's readiness (`undefined`: back to its probe). Applies to a pod created later under that name too. */
  setPodReady(namespace: string, name: string, ready: boolean | undefined): void {
    const key = objectKeyOf(namespace, name);
    if (ready === undefined) this.readyOverrides.delete(key);
    else this.readyOverrides.set(key, ready);
    this.workers.get(key)?.setReadyOverride(ready);
  }

  pods(): SimPod[] {
    return this.api.store.list(TYPES.pods).map((obj) => {
      const pod = obj as Pod;
      const key = objectKeyOf(pod.metadata.namespace, pod.metadata.name!);
      const worker = this.workers.get(key);
      const owner = controllerOf(pod);
      return {
        namespace: pod.metadata.namespace!,
        name: pod.metadata.name!,
        uid: pod.metadata.uid!,
        phase: pod.status?.phase ?? 'Pending',
        ready: (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
        ...(pod.status?.podIP ? { ip: pod.status.podIP } : {}),
        ...(worker && worker.uid === pod.metadata.uid && worker.pid !== undefined ? { pid: worker.pid } : {}),
        restartCount: (pod.status?.containerStatuses ?? []).reduce((s, c) => s + c.restartCount, 0),
        ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
        ...(owner ? { owner: { kind: owner.kind, name: owner.name } } : {}),
        labels: { ...(pod.metadata.labels ?? {}) },
        deleting: pod.metadata.deletionTimestamp !== undefined,
      };
    });
  }

  /** PIDs of every pod process still running (terminating ones included). */
  pids(): number[] {
    return [...this.workers.values()].map((w) => w.pid).filter((p): p is number => p !== undefined);
  }

  logFile(namespace: string, pod: string, container: string, previous: boolean): string | undefined {
    const worker = this.workers.get(objectKeyOf(namespace, pod));
    const obj = this.api.tryGet(TYPES.pods, namespace, pod) as Pod | undefined;
    if (!worker || !obj || obj.spec.containers[0]?.name !== container) return undefined;
    const run = worker.currentRun() - (previous ? 1 : 0);
    return run < 0 ? undefined : worker.logFile(run);
  }

  mayGrow(namespace: string, pod: string): boolean {
    return this.workers.get(objectKeyOf(namespace, pod))?.mayGrow() ?? false;
  }

  private workloadNames(pod: KubeObject): string[] {
    const names = [pod.metadata.name!];
    const owner = controllerOf(pod);
    if (owner) {
      names.push(owner.name);
      if (owner.kind === 'ReplicaSet') {
        const rs = this.api.tryGet(TYPES.replicaSets, pod.metadata.namespace, owner.name);
        const top = rs ? controllerOf(rs) : undefined;
        if (top) names.push(top.name);
      }
    }
    return names;
  }

  private reconcile(key: string): void {
    if (this.stopped) return;
    const { namespace, name } = splitKey(key);
    const pod = this.api.tryGet(TYPES.pods, namespace, name) as Pod | undefined;
    let worker = this.workers.get(key);
    if (worker && (!pod || pod.metadata.uid !== worker.uid)) {
      // Removed without a graceful end (force delete) or replaced by a new pod of the same name.
      this.workers.delete(key);
      this.finishWorker(worker, 0, undefined);
      worker = undefined;
    }
    if (!pod) return;
    if (pod.metadata.deletionTimestamp) {
      if (!worker) {
        this.finalize(pod, undefined);
        return;
      }
      if (this.terminating.has(worker.uid)) return;
      const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
      const ending = worker;
      this.finishWorker(ending, graceMs, () => {
        if (this.workers.get(key) === ending) this.workers.delete(key);
        const current = this.api.tryGet(TYPES.pods, namespace, name) as Pod | undefined;
        if (current && current.metadata.uid === ending.uid) this.finalize(current, ending);
      });
      return;
    }
    if (!pod.spec.nodeName) {
      this.schedule(pod);
      return;
    }
    if (worker) {
      worker.update(pod);
      return;
    }
    if (isTerminal(pod)) return;
    const ip = this.options.ips.allocate();
    if (!ip) {
      this.options.log(`kubelet: no pod IP left for ${key}`);
      return;
    }
    const created: PodWorker = new PodWorker(pod, ip, this.settings, () => this.writeStatus(key, created));
    this.workers.set(key, created);
    const override = this.readyOverrides.get(key);
    if (override !== undefined) created.setReadyOverride(override);
    created.start();
    this.writeStatus(key, created);
  }

  private schedule(pod: Pod): void {
    const ns = pod.metadata.namespace!;
    const now = timestamp();
    if (this.workloadNames(pod).some((n) => this.unschedulable.has(objectKeyOf(ns, n)))) {
      this.api.mutate(TYPES.pods, ns, pod.metadata.name!, (o) => {
        o.status = unschedulableStatus(o as Pod, now, UNSCHEDULABLE_MESSAGE);
      });
      return;
    }
    this.api.mutate(TYPES.pods, ns, pod.metadata.name!, (o) => {
      o.spec.nodeName = this.options.nodeName;
      o.status = { ...(o.status ?? {}), phase: 'Pending', conditions: scheduledConditions(o as Pod, now) };
    });
  }

  private writeStatus(key: string, worker: PodWorker): void {
    if (this.stopped) return;
    const { namespace, name } = splitKey(key);
    const pod = this.api.tryGet(TYPES.pods, namespace, name) as Pod | undefined;
    if (!pod || pod.metadata.uid !== worker.uid) return;
    const view = { ...worker.view(), ip: worker.ip, startedAt: worker.startedAt };
    if (view.phase === 'Succeeded' || view.phase === 'Failed') this.options.ips.release(worker.ip);
    this.api.mutate(TYPES.pods, namespace, name, (o) => {
      o.status = runningStatus(o as Pod, view, timestamp());
    });
  }

  /** The last step of a graceful deletion: final status, then out of storage (unless finalizers hold it). */
  private finalize(pod: Pod, worker: PodWorker | undefined): void {
    this.api.mutate(TYPES.pods, pod.metadata.namespace, pod.metadata.name!, (o) => {
      o.metadata.deletionGracePeriodSeconds = 0;
      if (worker) o.status = runningStatus(o as Pod, { ...worker.view(), ip: worker.ip, startedAt: worker.startedAt }, timestamp());
    });
  }

  private finishWorker(worker: PodWorker, graceMs: number, then: (() => void) | undefined): void {
    const done = worker
      .terminate(graceMs)
      .catch((err: unknown) => this.options.log(`kubelet: stopping pod ${worker.uid}: ${String(err)}`))
      .then(() => {
        this.options.ips.release(worker.ip);
        this.terminating.delete(worker.uid);
        if (!this.stopped) then?.();
      });
    this.terminating.set(worker.uid, done);
  }

  /** Ends every pod process (SIGTERM, SIGKILL after at most `stopGraceMs`) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.queue.stop();
    for (const [key, worker] of this.workers) {
      const pod = this.api.tryGet(TYPES.pods, splitKey(key).namespace, splitKey(key).name) as Pod | undefined;
      const grace = Math.min(this.options.stopGraceMs, (pod?.spec.terminationGracePeriodSeconds ?? 30) * 1000);
      if (!this.terminating.has(worker.uid)) this.finishWorker(worker, grace, undefined);
    }
    this.workers.clear();
    await Promise.all([...this.terminating.values()]);
  }
}
