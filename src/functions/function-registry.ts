/**
 * The node's current view of its functions: the orchestrator topology with each function's
 * annotations parsed once per change. Request handlers read it synchronously; it refreshes on
 * the orchestrator's change signal and on a fallback interval, and wakes waiters on every refresh.
 */
import type { Orchestrator, PodInfo, Topology, WorkloadInfo } from '../orchestrator/orchestrator.js';
import type { FunctionConfig } from '../model/function-config.js';
import { isFunction, parseFunctionAnnotations } from '../model/parse-annotations.js';
import type { Logger } from '../logging.js';
import { CoalescedTask } from '../util/coalesced-task.js';
import type { VirtualFunctionSource, VirtualTransport } from './virtual-function.js';

export interface FunctionEntry {
  name: string;
  workload: WorkloadInfo;
  config: FunctionConfig;
  /** Set for a virtual (WebSocket) function: how routes reach it instead of HTTP (functions.md §11). */
  virtual?: VirtualTransport;
}

export class FunctionRegistry {
  private functions = new Map<string, FunctionEntry>();
  private topology: Topology = { functions: [], slimfaasNodes: [], processes: {} };
  private trusted = new Set<string>();
  private topologyTrusted = new Set<string>();
  private readonly extraTrusted = new Map<string, Set<string>>();
  private extraNodes: PodInfo[] = [];
  private waiters = new Set<() => void>();
  private invalidReasons = new Map<string, string>();
  private readonly refresher: CoalescedTask;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private virtualSource: VirtualFunctionSource | null = null;

  constructor(
    private readonly orchestrator: Orchestrator,
    private readonly logger: Logger,
    private readonly refreshIntervalMs: number,
    /** Pods of SlimFaas itself, added to the topology's node list (native local mode). */
    private readonly ownNodes: PodInfo[] = [],
  ) {
    this.refresher = new CoalescedTask(
      async () => this.apply(await this.orchestrator.listTopology()),
      (err) => this.logger.warn(`topology refresh failed: ${err.message}`),
    );
  }

  async start(): Promise<void> {
    this.unsubscribe = this.orchestrator.onChange?.(() => void this.refresh()) ?? null;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    for (const wake of this.waiters) wake();
  }

  /** Re-lists the topology; concurrent calls coalesce into at most one extra refresh. */
  refresh(): Promise<void> {
    return this.refresher.run();
  }

  private apply(topology: Topology): void {
    const next = new Map<string, FunctionEntry>();
    const trusted = new Set<string>();
    for (const workload of topology.functions) {
      if (!isFunction(workload.annotations)) continue;
      const parsed = parseFunctionAnnotations(workload.annotations);
      if (!parsed.ok) {
        if (this.invalidReasons.get(workload.name) !== parsed.error) {
          this.logger.error(`function '${workload.name}' is ignored: ${parsed.error}`);
          this.invalidReasons.set(workload.name, parsed.error);
        }
        continue;
      }
      this.invalidReasons.delete(workload.name);
      next.set(workload.name, { name: workload.name, workload, config: parsed.value });
      if (parsed.value.defaultTrust === 'Trusted') {
        for (const pod of workload.pods) for (const ip of [pod.ip, ...(pod.callerIps ?? [])]) if (ip) trusted.add(ip);
      }
    }
    const listed = new Set(topology.slimfaasNodes.map((n) => n.name));
    const extra = this.extraNodes.filter((e) => !listed.has(e.name));
    const nodes = [...topology.slimfaasNodes, ...this.ownNodes.filter((n) => !listed.has(n.name) && !extra.some((e) => e.name === n.name)), ...extra];
    for (const node of nodes) if (node.ip) trusted.add(node.ip);
    this.topology = { ...topology, slimfaasNodes: nodes };
    this.functions = next;
    this.topologyTrusted = trusted;
    this.rebuildTrusted();
    this.notifyChange();
  }

  /** Wakes every `nextChange` waiter (a topology refresh, or virtual functions that changed). */
  notifyChange(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Virtual functions (WebSocket, src/ws) listed after the orchestrated ones; never trusted callers. */
  setVirtualSource(source: VirtualFunctionSource): void {
    this.virtualSource = source;
  }

  private virtuals(): FunctionEntry[] {
    return (this.virtualSource?.list() ?? []).filter((e) => !this.functions.has(e.name));
  }

  /** Exact name, orchestrated first, then virtual (status, logs, scaling…). */
  get(name: string): FunctionEntry | undefined {
    return this.functions.get(name) ?? this.virtuals().find((e) => e.name === name);
  }

  /** The sync and async routes' lookup (functions.md §4.2): orchestrated exactly, then virtual case-insensitively. */
  lookup(name: string): FunctionEntry | undefined {
    const found = this.get(name);
    if (found) return found;
    const lower = name.toLowerCase();
    return this.virtuals().find((e) => e.name.toLowerCase() === lower);
  }

  /** Orchestrated functions in orchestrator order, then virtual functions. */
  list(): FunctionEntry[] {
    const orchestrated = [...this.functions.values()];
    const virtual = this.virtuals();
    return virtual.length === 0 ? orchestrated : [...orchestrated, ...virtual];
  }

  /** Names of the orchestrated functions only. */
  orchestratedNames(): string[] {
    return [...this.functions.keys()];
  }

  get trustedIps(): Set<string> {
    return this.trusted;
  }

  /** Addresses trusted besides the topology's, by source (`jobs`: running jobs, jobs.md §3.2); replaces that source's set. */
  setExtraTrusted(source: string, ips: Iterable<string>): void {
    this.extraTrusted.set(source, new Set(ips));
    this.rebuildTrusted();
  }

  /** SlimFaas nodes the orchestrator does not list (the Store's membership); applied at the next refresh. */
  setExtraNodes(nodes: PodInfo[]): void {
    this.extraNodes = nodes;
    void this.refresh();
  }

  private rebuildTrusted(): void {
    const trusted = new Set(this.topologyTrusted);
    for (const ips of this.extraTrusted.values()) for (const ip of ips) trusted.add(ip);
    this.trusted = trusted;
  }

  get processes(): Record<string, boolean> {
    return this.topology.processes;
  }

  get nodes(): PodInfo[] {
    return this.topology.slimfaasNodes;
  }

  /** Resolves at the next refresh (or after `maxWaitMs`, whichever first). */
  nextChange(maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      // A wait never keeps the process alive (a loop stopped mid-wait must not delay exit).
      const timer = setTimeout(done, maxWaitMs).unref();
      this.waiters.add(done);
    });
  }
}
