/**
 * Kubernetes mode (platform.md §2.2, decisions 7 and 13): functions are the Deployments and
 * StatefulSets of one namespace whose pod template says `SlimFaas/Function`, read from informer
 * caches; scaling patches the `scale` subresource; jobs are `batch/v1` Jobs and job definitions
 * come from suspended CronJobs annotated `SlimFaas/Job`. Works in a pod (service-account
 * credentials and namespace) or on a host through `KUBECONFIG`; API TLS verification stays on.
 */
import type { LogLine, RecentLogsQuery } from '../logs.js';
import { readPodLogs } from './pod-logs.js';
import { existsSync, readFileSync } from 'node:fs';
import { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { Orchestrator, Topology } from '../orchestrator.js';
import type { DeclaredJobDefinition, JobInfo, JobRunSpec } from '../jobs.js';
import type { Logger } from '../../logging.js';
import { KubeInformers } from './kube-informers.js';
import { topologyOf } from './topology-mapping.js';
import { cronJobDefinition, jobInfo, jobObject } from './job-mapping.js';

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export interface KubernetesOrchestratorOptions {
  /** `SlimFaas:Namespace`; the pod's service-account namespace wins when SlimFaas runs in a pod. */
  namespace: string;
  /** This node's pod name (`HOSTNAME`); its labels find the other SlimFaas pods. Null outside a cluster. */
  podName: string | null;
  logger: Logger;
  /** Defaults to the standard lookup: `KUBECONFIG`, `~/.kube/config`, then in-cluster. */
  kubeConfig?: KubeConfig;
  /** Service-account namespace file (tests point it elsewhere). */
  namespaceFile?: string;
}

function httpStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown; statusCode?: unknown })?.code ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** platform.md §2.2.5: the service-account namespace when the file exists, else the setting. */
export function resolveNamespace(configured: string, file = SERVICE_ACCOUNT_NAMESPACE): string {
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (text) return text;
  }
  return configured;
}

export class KubernetesOrchestrator implements Orchestrator {
  readonly namespace: string;
  private readonly apis;
  private readonly kubeConfig: KubeConfig;
  private readonly informers: KubeInformers;
  private readonly reported = new Set<string>();

  constructor(private readonly o: KubernetesOrchestratorOptions) {
    const kubeConfig = o.kubeConfig ?? new KubeConfig();
    if (!o.kubeConfig) kubeConfig.loadFromDefault();
    this.kubeConfig = kubeConfig;
    this.namespace = resolveNamespace(o.namespace, o.namespaceFile);
    this.apis = { core: kubeConfig.makeApiClient(CoreV1Api), apps: kubeConfig.makeApiClient(AppsV1Api), batch: kubeConfig.makeApiClient(BatchV1Api) };
    this.informers = new KubeInformers(kubeConfig, this.apis, this.namespace, o.logger);
  }

  /** Fails fast, naming the API server, when it cannot be reached; then starts the informers. */
  async start(): Promise<void> {
    try {
      await this.apis.apps.listNamespacedDeployment({ namespace: this.namespace, limit: 1 });
    } catch (err) {
      const server = this.kubeConfig.getCurrentCluster()?.server ?? 'no cluster configured';
      throw new Error(`cannot list Deployments of namespace ${this.namespace} on the Kubernetes API (${server}): ${(err as Error).message}. Run SlimFaas in a pod, or set KUBECONFIG.`);
    }
    await this.informers.start();
  }

  stop(): Promise<void> {
    return this.informers.stop();
  }

  onChange(listener: () => void): () => void {
    return this.informers.onChange(listener);
  }

  async listTopology(): Promise<Topology> {
    return topologyOf(this.informers.deployments.list(), this.informers.statefulSets.list(), this.informers.pods.list(), this.o.podName);
  }

  /** From the API's pod logs (pod-logs.ts): the pods the topology lists for the function. */
  async recentLogs(functionName: string, query: RecentLogsQuery): Promise<LogLine[]> {
    const fn = (await this.listTopology()).functions.find((f) => f.name === functionName);
    if (!fn) return [];
    return readPodLogs(fn.pods.map((p) => p.name), query, (name, tailLines, sinceSeconds) =>
      this.apis.core.readNamespacedPodLog({ name, namespace: this.namespace, tailLines, timestamps: true, ...(sinceSeconds !== undefined ? { sinceSeconds } : {}) }),
    );
  }

  async setReplicas(name: string, replicas: number): Promise<void> {
    const body = { spec: { replicas: Math.max(0, Math.trunc(replicas)) } };
    const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    const isStatefulSet = this.informers.statefulSets.get(name, this.namespace) !== undefined && this.informers.deployments.get(name, this.namespace) === undefined;
    if (isStatefulSet) await this.apis.apps.patchNamespacedStatefulSetScale({ name, namespace: this.namespace, body }, options);
    else await this.apis.apps.patchNamespacedDeploymentScale({ name, namespace: this.namespace, body }, options);
  }

  async listJobDefinitions(): Promise<DeclaredJobDefinition[] | null> {
    const definitions: DeclaredJobDefinition[] = [];
    for (const cronJob of this.informers.cronJobs.list()) {
      const mapped = cronJobDefinition(cronJob);
      if (!mapped) continue;
      if ('skipped' in mapped) {
        if (!this.reported.has(mapped.skipped)) this.o.logger.warn(mapped.skipped);
        this.reported.add(mapped.skipped);
        continue;
      }
      definitions.push(mapped.definition);
    }
    return definitions;
  }

  async createJob(run: JobRunSpec): Promise<void> {
    if (this.informers.jobs.get(run.name, this.namespace)) return;
    try {
      await this.apis.batch.createNamespacedJob({ namespace: this.namespace, body: jobObject(run, this.namespace) });
    } catch (err) {
      if (httpStatus(err) === 409) return; // already created (a leader hand-over or a retry)
      throw err;
    }
  }

  async listJobs(): Promise<JobInfo[]> {
    const pods = this.informers.pods.list();
    return this.informers.jobs.list().map((job) => {
      const name = job.metadata?.name ?? '';
      return jobInfo(job, pods.filter((p) => p.metadata?.labels?.['slimfaas-job-name'] === name || p.metadata?.labels?.['job-name'] === name));
    });
  }

  async deleteJob(name: string): Promise<boolean> {
    try {
      await this.apis.batch.deleteNamespacedJob({ name, namespace: this.namespace, propagationPolicy: 'Foreground' });
      return true;
    } catch (err) {
      if (httpStatus(err) === 404) return false;
      throw err;
    }
  }
}
