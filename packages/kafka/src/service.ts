/** Monitor loop (§7.4) and HTTP surface (§7.5). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { wakeUrl, type Binding, type KafkaConfig } from './config.js';
import { decide, newState, type LagResult } from './decision.js';
import { readLag, type LagOutcome } from './lag.js';
import { createMetrics, type Metrics } from './metrics.js';

export interface BindingStatus {
  topic: string;
  group: string;
  function: string;
  pending?: number;
  adminMode?: boolean;
  lastError?: string;
  lastWarning?: string;
  lastWakeReason?: string;
  lastEvaluated?: string;
  wakeups: number;
  heldByCooldown: number;
}

export interface ServiceOptions {
  config: KafkaConfig;
  port: number;
  host: string;
  now?: () => number;
  readLag?: (cfg: KafkaConfig, b: Binding) => Promise<LagOutcome>;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

export class KafkaConnector {
  readonly metrics: Metrics = createMetrics();
  readonly status: BindingStatus[];
  private readonly state = newState();
  private server?: Server;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private round?: Promise<void>;
  private readonly now: () => number;
  private readonly lagFn: (cfg: KafkaConfig, b: Binding) => Promise<LagOutcome>;
  private readonly log: NonNullable<ServiceOptions['log']>;

  constructor(private readonly opts: ServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.lagFn = opts.readLag ?? readLag;
    this.log = opts.log ?? ((level, msg) => (level === 'info' ? console.log : console.error)(`[slimfaas-kafka] ${level}: ${msg}`));
    this.status = opts.config.bindings.map((b) => ({ topic: b.topic, group: b.consumerGroupId, function: b.functionName, wakeups: 0, heldByCooldown: 0 }));
  }

  async wake(functionName: string): Promise<number | string> {
    const url = wakeUrl(this.opts.config, functionName);
    try {
      const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(this.opts.config.httpTimeoutSeconds * 1000) });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) this.log('warn', `wake-up of ${functionName}: POST ${url} answered ${res.status}`);
      return res.status;
    } catch (err) {
      this.log('error', `wake-up of ${functionName}: POST ${url} failed: ${(err as Error).message}`);
      return (err as Error).message;
    }
  }

  /** One evaluation round over every binding; one binding's errors never stop the others. */
  async evaluateOnce(): Promise<void> {
    const cfg = this.opts.config;
    await Promise.all(
      cfg.bindings.map(async (b, i) => {
        const st = this.status[i]!;
        const labels = { topic: b.topic, group: b.consumerGroupId, function: b.functionName };
        try {
          const lag: LagOutcome = await this.lagFn(cfg, b);
          st.pending = lag.pending;
          st.adminMode = lag.adminMode;
          st.lastError = undefined;
          st.lastWarning = lag.warning;
          if (lag.warning) this.log('warn', `${b.topic}/${b.consumerGroupId}: ${lag.warning}`);
          await this.apply(b, lag, labels, st);
        } catch (err) {
          st.lastError = (err as Error).message;
          this.metrics.errors.inc(labels);
          this.log('error', `binding ${b.topic}/${b.consumerGroupId}/${b.functionName}: ${st.lastError}`);
        } finally {
          st.lastEvaluated = new Date(this.now()).toISOString();
        }
      }),
    );
  }

  private async apply(b: Binding, lag: LagResult, labels: Record<string, string>, st: BindingStatus): Promise<void> {
    this.metrics.pending.set(labels, lag.pending);
    const d = decide(b, lag, this.now(), this.state);
    if (d.activityTimestampSeconds !== undefined) this.metrics.lastActivity.set(labels, d.activityTimestampSeconds);
    if (d.heldByCooldown) st.heldByCooldown++;
    if (!d.wake) return;
    st.wakeups++;
    st.lastWakeReason = d.reason;
    this.log('info', `waking ${b.functionName} (reason ${d.reason}, pending ${lag.pending})`);
    await this.wake(b.functionName);
    this.metrics.wakeups.inc({ ...labels, reason: d.reason! });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.evaluateOnce().finally(() => this.schedule());
    }, this.opts.config.checkIntervalSeconds * 1000);
  }

  async start(): Promise<number> {
    this.server = createServer((req, res) => void this.handle(req.method ?? 'GET', req.url ?? '/', res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.opts.port, this.opts.host, () => resolve());
    });
    this.round = this.evaluateOnce().finally(() => this.schedule());
    return (this.server.address() as AddressInfo).port;
  }

  private async handle(method: string, url: string, res: import('node:http').ServerResponse): Promise<void> {
    const path = url.split('?')[0]!;
    const send = (status: number, body: string, type = 'application/json', route = path): void => {
      this.metrics.http.inc({ route, status: String(status) });
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (method === 'GET' && path === '/health') {
      const errors = this.status.filter((s) => s.lastError).map((s) => ({ topic: s.topic, group: s.group, function: s.function, error: s.lastError }));
      return send(200, JSON.stringify(errors.length ? { status: 'ok', errors } : { status: 'ok' }));
    }
    if (method === 'GET' && path === '/bindings') {
      return send(200, JSON.stringify(this.opts.config.bindings.map((b, i) => ({ ...b, status: this.status[i] }))));
    }
    if (method === 'GET' && path === '/metrics') {
      const body = await this.metrics.registry.metrics();
      return send(200, body, this.metrics.registry.contentType);
    }
    const m = /^\/wake\/([^/]+)$/.exec(path);
    if (method === 'POST' && m) {
      const name = decodeURIComponent(m[1]!);
      const result = await this.wake(name);
      return send(202, JSON.stringify({ function: name, slimfaas: result }), 'application/json', '/wake/{functionName}');
    }
    send(404, JSON.stringify({ error: 'not found' }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round?.catch(() => undefined); // its .finally(schedule) sees `stopped`: no new timer
    await new Promise<void>((r) => {
      if (!this.server) return r();
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
}
