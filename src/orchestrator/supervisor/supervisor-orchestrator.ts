/**
 * The Orchestrator of a node process in native local mode with several nodes: a client of the
 * supervisor control API. The topology is a cache kept fresh by the change stream (reconnected
 * with back-off) and an interval re-listing, so `listTopology` never waits on HTTP; of two
 * snapshots the one with the higher version wins whatever order they arrive in. `setReplicas`
 * resolves once the cache shows the new desired count; job operations are forwarded as they are.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Orchestrator, Topology } from '../orchestrator.js';
import type { DeclaredJobDefinition, JobInfo, JobRunSpec } from '../jobs.js';
import { RateLimitedLog, silentLogger, type Logger } from '../../logging.js';
import type { LogLine, RecentLogsQuery } from '../logs.js';
import { ControlClient, ControlError } from './control-client.js';
import { logsPath, parseLogLines } from './control-logs.js';
import { TOPOLOGY_VERSION_HEADER } from './control-protocol.js';
import { SseParser } from './sse.js';

export interface SupervisorOrchestratorOptions {
  /** `SlimFaas:Process:SupervisorUrl`. */
  url: string;
  /** `SlimFaas:Process:Token`. */
  token: string;
  namespace: string;
  /** Fallback re-listing period (default 5 s). */
  refreshIntervalMs?: number;
  /** How long `start` keeps trying to reach the supervisor (default 30 s). */
  startTimeoutMs?: number;
  /** Deadline of each call (default 10 s). */
  requestTimeoutMs?: number;
  /** The stream is reopened when silent this long (the supervisor sends a heartbeat every 15 s; default 45 s). */
  streamIdleMs?: number;
  logger?: Logger;
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;

export class SupervisorOrchestrator implements Orchestrator {
  private readonly client: ControlClient;
  private readonly listeners = new Set<() => void>();
  private readonly logger: Logger;
  private readonly streamTrouble: RateLimitedLog;
  private readonly abort = new AbortController();
  private readonly query: string;
  private topology: Topology = { functions: [], slimfaasNodes: [], processes: {} };
  private version = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private following: Promise<void> | null = null;

  constructor(private readonly o: SupervisorOrchestratorOptions) {
    this.client = new ControlClient(o.url, o.token, o.requestTimeoutMs ?? 10_000);
    this.logger = o.logger ?? silentLogger;
    this.streamTrouble = new RateLimitedLog((m) => this.logger.warn(m));
    this.query = `?namespace=${encodeURIComponent(o.namespace)}`;
  }

  /** Resolves once a first topology was read (retrying until `startTimeoutMs`); then follows changes. */
  async start(): Promise<void> {
    const deadline = Date.now() + (this.o.startTimeoutMs ?? 30_000);
    for (let delay = RECONNECT_MIN_MS; ; delay = Math.min(delay * 2, RECONNECT_MAX_MS)) {
      try {
        await this.refresh();
        break;
      } catch (err) {
        if (err instanceof ControlError && err.status !== 503) throw new Error(`supervisor control API at ${this.o.url}: ${err.message}`);
        if (Date.now() + delay > deadline) throw new Error(`supervisor control API at ${this.o.url} unreachable: ${(err as Error).message}`);
        await sleep(delay);
      }
    }
    this.following = this.follow();
    this.timer = setInterval(() => {
      this.refresh().catch((err: Error) => this.streamTrouble.log(`topology refresh from the supervisor failed: ${err.message}`));
    }, this.o.refreshIntervalMs ?? 5000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.following;
    await this.client.close().catch(() => undefined);
  }

  /** The cached topology (never an HTTP round trip). */
  async listTopology(): Promise<Topology> {
    return this.topology;
  }

  async setReplicas(name: string, replicas: number): Promise<void> {
    try {
      await this.client.expect([204], 'PUT', `/v1/functions/${encodeURIComponent(name)}/scale`, { replicas: Math.max(0, Math.trunc(replicas) || 0) });
    } catch (err) {
      if (err instanceof ControlError && err.status === 404) throw Object.assign(new Error(err.message), { code: 'NOT_FOUND' });
      throw err;
    }
    // Done: the cache shows it before this resolves (or, if this read fails, once the stream brings it).
    await this.refresh().catch((err: Error) => this.streamTrouble.log(`topology refresh from the supervisor failed: ${err.message}`));
  }

  /** From the supervisor's ProcessOrchestrator, through the control API (control-logs.ts). */
  async recentLogs(functionName: string, query: RecentLogsQuery): Promise<LogLine[]> {
    const response = await this.client.expect([200], 'GET', logsPath(functionName, query));
    return parseLogLines(response.text);
  }

  async listJobDefinitions(): Promise<DeclaredJobDefinition[] | null> {
    try {
      const response = await this.client.expect([200], 'GET', '/v1/jobs/configuration');
      return JSON.parse(response.text) as DeclaredJobDefinition[];
    } catch (err) {
      this.streamTrouble.log(`job configurations from the supervisor: ${(err as Error).message}`);
      return null;
    }
  }

  async createJob(run: JobRunSpec): Promise<void> {
    await this.client.expect([202], 'POST', '/v1/jobs', run);
  }

  async listJobs(): Promise<JobInfo[]> {
    const response = await this.client.expect([200], 'GET', '/v1/jobs');
    return JSON.parse(response.text) as JobInfo[];
  }

  async deleteJob(name: string): Promise<boolean> {
    const response = await this.client.expect([204, 404], 'DELETE', `/v1/jobs/${encodeURIComponent(name)}`);
    return response.status === 204;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Re-lists the topology now. */
  async refresh(): Promise<void> {
    const response = await this.client.expect([200], 'GET', `/v1/topology${this.query}`);
    const version = Number(response.headers[TOPOLOGY_VERSION_HEADER]);
    this.apply(Number.isFinite(version) ? version : this.version, JSON.parse(response.text) as Topology);
  }

  private apply(version: number, topology: Topology): void {
    if (version < this.version) return;
    this.version = version;
    this.topology = topology;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener failure must not stop the cache.
      }
    }
  }

  /** Keeps one change stream open until stopped, reconnecting after 250 ms … 5 s. */
  private async follow(): Promise<void> {
    const signal = this.abort.signal;
    for (let delay = RECONNECT_MIN_MS; !signal.aborted; delay = Math.min(delay * 2, RECONNECT_MAX_MS)) {
      try {
        const response = await this.client.stream(`/v1/changes${this.query}`, signal, this.o.streamIdleMs ?? 45_000);
        if (response.statusCode !== 200) {
          const text = await response.body.text();
          throw new ControlError(response.statusCode, text || `the supervisor answered ${response.statusCode}`);
        }
        const parser = new SseParser();
        response.body.setEncoding('utf8');
        for await (const chunk of response.body as AsyncIterable<string>) {
          delay = RECONNECT_MIN_MS;
          for (const event of parser.push(chunk)) {
            if (event.event === 'topology') this.apply(Number(event.id), JSON.parse(event.data) as Topology);
          }
        }
        if (!signal.aborted) this.streamTrouble.log('the supervisor closed the change stream; reconnecting');
      } catch (err) {
        if (signal.aborted) return;
        this.streamTrouble.log(`supervisor change stream: ${(err as Error).message}; reconnecting`);
      }
      await sleep(delay, undefined, { signal }).catch(() => undefined);
    }
  }
}
