/**
 * What the request path needs to record activity (platform.md §6.2): the node's recorder and who
 * a caller is. A caller is `external` unless its address is a known function replica's (the
 * function name, with the pod as `SourcePod`) or a running job's (the job definition name, with
 * the run as `SourcePod`); loopback callers are never taken for replicas. The address map is
 * rebuilt at most once a second, on demand; a lookup allocates nothing.
 */
import type { IncomingMessage } from 'node:http';
import type { FunctionRegistry } from '../functions/function-registry.js';
import type { JobInfo } from '../orchestrator/jobs.js';
import type { Settings } from '../config/settings.js';
import { ActivityRecorder } from './activity-recorder.js';
import { EXTERNAL } from './activity-event.js';
import { definitionOfRun } from '../jobs/job-names.js';

export interface Caller {
  readonly name: string;
  readonly pod: string | null;
}

const EXTERNAL_CALLER: Caller = Object.freeze({ name: EXTERNAL, pod: null });
const REBUILD_AFTER_MS = 1000;

export class NetworkActivity {
  private callers = new Map<string, Caller>();
  private builtAt = -Infinity;
  private jobs: () => readonly JobInfo[] = () => [];

  constructor(
    readonly recorder: ActivityRecorder,
    private readonly registry: Pick<FunctionRegistry, 'list'>,
    private readonly clock: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.recorder.enabled;
  }

  /** Running jobs, whose addresses identify job callers. */
  setJobSource(jobs: () => readonly JobInfo[]): void {
    this.jobs = jobs;
    this.builtAt = -Infinity;
  }

  callerOf(req: IncomingMessage): Caller {
    return this.callerAt(req.socket.remoteAddress);
  }

  callerAt(rawAddress: string | undefined): Caller {
    if (!rawAddress) return EXTERNAL_CALLER;
    const address = rawAddress.startsWith('::ffff:') ? rawAddress.slice(7) : rawAddress;
    if (address.startsWith('127.') || address === '::1') return EXTERNAL_CALLER;
    const now = this.clock();
    if (now - this.builtAt >= REBUILD_AFTER_MS) this.rebuild(now);
    return this.callers.get(address) ?? EXTERNAL_CALLER;
  }

  private rebuild(now: number): void {
    const callers = new Map<string, Caller>();
    for (const job of this.jobs()) {
      const caller = Object.freeze({ name: definitionOfRun(job.name) ?? job.name, pod: job.name });
      for (const ip of job.ips) if (ip) callers.set(ip, caller);
    }
    for (const entry of this.registry.list()) {
      for (const pod of entry.workload.pods) {
        const caller = Object.freeze({ name: entry.name, pod: pod.name });
        for (const ip of [pod.ip, ...(pod.callerIps ?? [])]) if (ip) callers.set(ip, caller);
      }
    }
    this.callers = callers;
    this.builtAt = now;
  }
}

/** The node's activity from its settings (`SlimFaas:EnableFront`, `SlimFaas:StatusStream:*`). */
export function createNetworkActivity(settings: Settings, registry: Pick<FunctionRegistry, 'list'>): NetworkActivity {
  const s = settings.statusStream;
  const recorder = new ActivityRecorder({
    nodeId: settings.hostname,
    enabled: settings.enableFront,
    recentActivityLimit: s.recentActivityLimit,
    knownIdsLimit: s.knownIdsLimit,
    maxLiveEventsPerSecond: s.maxLiveEventsPerSecond,
    liveEventSamplingRatio: s.liveEventSamplingRatio,
  });
  return new NetworkActivity(recorder, registry);
}
