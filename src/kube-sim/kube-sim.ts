/**
 * Starts a kube-sim: the API server on 127.0.0.1 (plain HTTP), its controllers (Deployments, ReplicaSets,
 * StatefulSets, Jobs, garbage collection, namespaces) and the kubelet running pods as local processes, and
 * writes a kubeconfig for it. `stop()` closes everything and resolves once every pod process is gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KubeApi } from './api/kube-api.js';
import { ObjectStore } from './api/object-store.js';
import { TYPES } from './api/resource-types.js';
import { NODE_NAME, seedCluster } from './cluster-objects.js';
import type { Controller, ControllerContext } from './controllers/controller.js';
import { startDeploymentController } from './controllers/deployment-controller.js';
import { startGarbageCollector } from './controllers/garbage-collector.js';
import { startJobController } from './controllers/job-controller.js';
import { startNamespaceController } from './controllers/namespace-controller.js';
import { startReplicaSetController } from './controllers/replicaset-controller.js';
import { startStatefulSetController } from './controllers/statefulset-controller.js';
import { createApiHandler } from './http/api-handler.js';
import { OpenApiV3 } from './http/openapi.js';
import { WatchHub } from './http/watch-stream.js';
import { ServiceAllocator } from './kinds/service-defaults.js';
import { createStrategies } from './kinds/strategies.js';
import { writeKubeconfig } from './kubeconfig.js';
import { IpAllocator, claimIpBlock } from './kubelet/ip-allocator.js';
import { Kubelet, type SimPod } from './kubelet/kubelet.js';
import { PodLedger } from './kubelet/pod-ledger.js';
import { SimClient } from './sim-client.js';

export interface KubeSimOptions {
  /** TCP port on 127.0.0.1; 0 or absent: a free one. */
  port?: number;
  /** Pod logs and the kubeconfig live here; absent: a temporary directory removed by `stop()`. */
  stateDir?: string;
  /** Where to write the kubeconfig (default `<stateDir>/kubeconfig`). */
  kubeconfigPath?: string;
  /** Namespace of the kubeconfig context, created at start (default `default`). */
  namespace?: string;
  /** When set, every request must carry `Authorization: Bearer <token>` (written to the kubeconfig). */
  token?: string;
  /**
   * Image → entrypoint, used when a container has no `command` (its `args` follow; without either, `args` alone
   * are the command line). `null`: the image cannot be pulled (ErrImagePull, then ImagePullBackOff).
   */
  images?: Record<string, string[] | null>;
  /** The environment every pod process starts from (default: PATH and HOME of this process). */
  podBaseEnv?: Record<string, string>;
  /** Working directory of pod processes without `workingDir` (default: this process's). */
  podWorkingDir?: string;
  /** First `127.0.<block>.0/24` tried for pod IPs (default 0: 127.0.0.2, 127.0.0.3…); taken blocks are skipped. */
  ipBlock?: number;
  /** Readiness probes run at least this often whatever their periodSeconds (default 500 ms). */
  probeIntervalMs?: number;
  /** First crash back-off of restarting containers (kubelet: 10 s). */
  crashBackoffBaseMs?: number;
  /** First back-off before a Job replaces a failed pod (job controller: 10 s). */
  jobBackoffBaseMs?: number;
  /** Longest grace given to pod processes by `stop()` (default 5 s). */
  stopGraceMs?: number;
  /** Change events kept for watches; older resourceVersions get 410 Expired (default 10 000). */
  watchHistory?: number;
  /** Interval of BOOKMARK events for watches that allow them (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Diagnostics (controller errors); default stderr. */
  log?: (line: string) => void;
}

export interface KubeSim {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  readonly stateDir: string;
  /** Pod IPs of this simulator are `<podIpPrefix>2`, `<podIpPrefix>3`, … (e.g. `127.0.0.`). */
  readonly podIpPrefix: string;
  /** Objects in-process (no HTTP): apply manifests, get, list, delete. */
  readonly client: SimClient;
  /** Forces a pod's readiness; `undefined` returns to its readiness probe. */
  setPodReady(namespace: string, pod: string, ready: boolean | undefined): void;
  /**
   * While on, new pods of that Deployment, StatefulSet, Job (or that pod itself) stay Pending with
   * `PodScheduled=False, reason Unschedulable`; turning it off schedules them. Running pods are not affected.
   */
  setUnschedulable(namespace: string, workloadOrPod: string, on: boolean): void;
  /** Every pod with its process (PID while running) and IP. */
  pods(namespace?: string): SimPod[];
  /** PIDs of every pod process still running. */
  pids(): number[];
  stop(): Promise<void>;
}

function defaultBaseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME']) if (process.env[key] !== undefined) env[key] = process.env[key]!;
  return env;
}

export async function startKubeSim(options: KubeSimOptions = {}): Promise<KubeSim> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[kube-sim] ${line}\n`));
  const temporary = options.stateDir === undefined;
  const stateDir = resolve(options.stateDir ?? mkdtempSync(join(tmpdir(), 'kube-sim-')));
  const namespace = options.namespace ?? 'default';
  const store = new ObjectStore(options.watchHistory ?? 10_000);
  const services = new ServiceAllocator((): number[] =>
    store.list(TYPES.services).flatMap((s) => ((s.spec?.ports ?? []) as { nodePort?: number }[]).map((p) => p.nodePort ?? 0)),
  );
  const api: KubeApi = new KubeApi(store, createStrategies(services));
  seedCluster(api, [namespace]);
  const block = claimIpBlock(options.ipBlock ?? 0);
  if (block.leftoversStopped > 0) log(`stopped ${block.leftoversStopped} pod process(es) left running by a simulator that was killed`);
  const ledger = new PodLedger(block.ledgerFile);
  const ctx: ControllerContext = { api, log };
  const kubelet = new Kubelet(api, {
    nodeName: NODE_NAME,
    ips: new IpAllocator(block.block),
    entrypoints: options.images ?? {},
    baseEnv: options.podBaseEnv ?? defaultBaseEnv(),
    cwd: options.podWorkingDir ?? process.cwd(),
    logRoot: join(stateDir, 'pods'),
    probeIntervalMs: options.probeIntervalMs ?? 500,
    crashBackoffBaseMs: options.crashBackoffBaseMs ?? 10_000,
    stopGraceMs: options.stopGraceMs ?? 5_000,
    recorder: ledger,
    log,
  });
  const controllers: Controller[] = [
    startNamespaceController(ctx),
    startGarbageCollector(ctx),
    startReplicaSetController(ctx),
    startDeploymentController(ctx),
    startStatefulSetController(ctx),
    startJobController(ctx, options.jobBackoffBaseMs ?? 10_000),
  ];
  kubelet.start();
  const watches = new WatchHub(store, { bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000, defaultTimeoutSeconds: 1800 });
  let address = '127.0.0.1:0';
  const server = http.createServer(createApiHandler({ api, watches, logs: kubelet, openapi: new OpenApiV3() }, { token: options.token, serverAddress: () => address }));
  server.keepAliveTimeout = 30_000;
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
    });
  } catch (err) {
    for (const c of controllers) c.stop();
    await kubelet.stop();
    ledger.close();
    block.release();
    if (temporary) rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  const url = `http://${address}`;
  const kubeconfigPath = resolve(options.kubeconfigPath ?? join(stateDir, 'kubeconfig'));
  writeKubeconfig(kubeconfigPath, url, namespace, options.token);
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    kubeconfigPath,
    stateDir,
    podIpPrefix: `127.0.${block.block}.`,
    client: new SimClient(api, namespace),
    setPodReady: (ns, pod, ready) => kubelet.setPodReady(ns, pod, ready),
    setUnschedulable: (ns, name, on) => kubelet.setUnschedulable(ns, name, on),
    pods: (ns) => kubelet.pods().filter((p) => ns === undefined || p.namespace === ns),
    pids: () => kubelet.pids(),
    stop() {
      stopping ??= (async () => {
        watches.closeAll();
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        for (const c of controllers) c.stop();
        await kubelet.stop();
        await closed;
        ledger.close();
        block.release();
        if (temporary) rmSync(stateDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
