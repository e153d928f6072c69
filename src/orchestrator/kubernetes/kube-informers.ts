/**
 * The Kubernetes objects SlimFaas reads, kept current by informers (list + watch, decision 7):
 * Deployments, StatefulSets, Pods, Jobs and CronJobs of one namespace. A watch that fails is
 * restarted with back-off (1 s doubling to 30 s), which relists; every change fires `onChange`
 * (coalesced per event-loop turn). Readers get the cache, never the API server.
 */
import { makeInformer, type Informer, type KubeConfig, type KubernetesObject, type ObjectCache } from '@kubernetes/client-node';
import type { AppsV1Api, BatchV1Api, CoreV1Api, V1CronJob, V1Deployment, V1Job, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { Logger } from '../../logging.js';

type Cached<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

export interface KubeApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
}

const MAX_BACKOFF_MS = 30_000;

export class KubeInformers {
  readonly deployments: Cached<V1Deployment>;
  readonly statefulSets: Cached<V1StatefulSet>;
  readonly pods: Cached<V1Pod>;
  readonly jobs: Cached<V1Job>;
  readonly cronJobs: Cached<V1CronJob>;
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = false;
  private stopped = false;

  constructor(kubeConfig: KubeConfig, apis: KubeApis, namespace: string, private readonly logger: Logger) {
    const ns = encodeURIComponent(namespace);
    this.deployments = this.watch(kubeConfig, `/apis/apps/v1/namespaces/${ns}/deployments`, () => apis.apps.listNamespacedDeployment({ namespace }));
    this.statefulSets = this.watch(kubeConfig, `/apis/apps/v1/namespaces/${ns}/statefulsets`, () => apis.apps.listNamespacedStatefulSet({ namespace }));
    this.pods = this.watch(kubeConfig, `/api/v1/namespaces/${ns}/pods`, () => apis.core.listNamespacedPod({ namespace }));
    this.jobs = this.watch(kubeConfig, `/apis/batch/v1/namespaces/${ns}/jobs`, () => apis.batch.listNamespacedJob({ namespace }));
    this.cronJobs = this.watch(kubeConfig, `/apis/batch/v1/namespaces/${ns}/cronjobs`, () => apis.batch.listNamespacedCronJob({ namespace }));
  }

  private all(): Array<Cached<KubernetesObject>> {
    return [this.deployments, this.statefulSets, this.pods, this.jobs, this.cronJobs] as unknown as Array<Cached<KubernetesObject>>;
  }

  /** Resolves once every informer has listed once. */
  async start(): Promise<void> {
    await Promise.all(this.all().map((informer) => informer.start()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all(this.all().map((informer) => informer.stop().catch(() => undefined)));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private watch<T extends KubernetesObject>(kubeConfig: KubeConfig, path: string, list: () => Promise<{ items: T[] }>): Cached<T> {
    const informer = makeInformer<T>(kubeConfig, path, list as never);
    let backoff = 1000;
    for (const verb of ['add', 'update', 'delete'] as const) {
      informer.on(verb, () => {
        backoff = 1000;
        this.emit();
      });
    }
    informer.on('error', (err: unknown) => {
      if (this.stopped) return;
      this.logger.warn(`watch of ${path} failed (${(err as Error)?.message ?? err}); restarting in ${backoff} ms`);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.stopped) void informer.start().catch(() => undefined);
      }, backoff);
      timer.unref();
      this.timers.add(timer);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    });
    return informer;
  }

  private emit(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      for (const listener of [...this.listeners]) listener();
    });
  }
}
