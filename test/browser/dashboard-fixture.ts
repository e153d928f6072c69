/**
 * A stand-in SlimFaas for dashboard tests and development: serves dist/web at / and a fake
 * `GET /status-functions-stream` (platform.md §6.2 frames), `POST /wake-function(s)` and
 * `GET /logs/{fn}`. Run alone: `node --import tsx test/browser/dashboard-fixture.ts [port]`.
 */
import http, { type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';

export const WEB_ROOT = resolve(import.meta.dirname, '..', '..', 'dist', 'web');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

const pod = (name: string, status = 'Running') => ({ Name: name, Status: status, Ready: status === 'Running', Ip: '10.0.0.' + (name.length % 200) });

function fn(name: string, extra: Record<string, unknown> = {}) {
  return {
    Name: name,
    NumberReady: 1,
    NumberRequested: 1,
    PodType: 'Deployment',
    Visibility: 'Public',
    Trust: 'Trusted',
    ReplicasMin: 0,
    ReplicasAtStart: 1,
    TimeoutSecondBeforeSetReplicasMin: 300,
    NumberParallelRequest: 10,
    NumberParallelRequestPerPod: 10,
    Resources: { CpuRequest: '100m', CpuLimit: '500m', MemoryRequest: '64Mi', MemoryLimit: '256Mi' },
    Schedule: { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [] } },
    Scale: null,
    Retry: {
      DefaultAsync: { HttpTimeout: 120, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503] },
      DefaultPublish: { HttpTimeout: 120, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503] },
    },
    SubscribeEvents: [],
    PathsStartWithVisibility: [],
    DependsOn: null,
    Pods: [pod(`${name}-0`)],
    ...extra,
  };
}

export function sampleState() {
  return {
    Functions: [
      fn('fibonacci', {
        NumberReady: 2,
        NumberRequested: 2,
        ReplicasMin: 1,
        SubscribeEvents: [{ Name: 'reload', Visibility: 0 }, { Name: 'reload-private', Visibility: 1 }],
        PathsStartWithVisibility: [{ Path: '/compute', Visibility: 'Public' }, { Path: '/admin', Visibility: 1 }],
        Schedule: { TimeZoneID: 'Europe/Paris', Default: { WakeUp: ['07:00'], ScaleDownTimeout: [{ Time: '21:00', Value: 10 }] } },
        Scale: {
          ReplicaMax: 5,
          Triggers: [{ MetricType: 'AverageValue', MetricName: 'http_requests_per_second', Query: 'sum(rate(http_requests_total[1m]))', Threshold: 20 }],
          Behavior: {
            ScaleUp: { StabilizationWindowSeconds: 0, Policies: [{ Type: 'Percent', Value: 100, PeriodSeconds: 15 }] },
            ScaleDown: { StabilizationWindowSeconds: 300, Policies: [{ Type: 'Pods', Value: 1, PeriodSeconds: 60 }] },
          },
        },
        Pods: [pod('fibonacci-0'), pod('fibonacci-1')],
      }),
      fn('mysql', { PodType: 'StatefulSet', Visibility: 'Private', Trust: 'Untrusted', DependsOn: null, Pods: [pod('mysql-0')] }),
      fn('sleepy', { NumberReady: 0, NumberRequested: 0, ReplicasAtStart: 0, Pods: [], DependsOn: ['mysql'] }),
      fn('broken', { NumberReady: 0, NumberRequested: 1, Pods: [pod('broken-0', 'CrashLoopBackOff')] }),
    ],
    Queues: [
      { Name: 'fibonacci', Length: 3 },
      { Name: 'sleepy', Length: 0 },
    ],
    Jobs: [
      {
        Name: 'daily-report',
        Visibility: 'Private',
        Image: 'registry/report:1.2',
        ImagesWhitelist: ['registry/report:*'],
        NumberParallelJob: 2,
        Resources: { Requests: { cpu: '100m', memory: '128Mi' }, Limits: { cpu: '500m', memory: '256Mi' } },
        DependsOn: ['mysql'],
        Schedules: [{ Id: 's1', Schedule: '0 6 * * *', Image: null, NextExecutionTimestamp: Math.floor(Date.now() / 1000) + 3600, Resources: null, DependsOn: null }],
        RunningJobs: [{ Name: 'daily-report-1a2b', Status: 'Running', ElementId: 'e-42', InQueueTimestamp: Date.now() - 60_000, StartTimestamp: Date.now() - 50_000 }],
      },
    ],
    RecentActivity: [] as unknown[],
    SlimFaasReplicas: 3,
    SlimFaasNodes: [
      { Name: 'slimfaas-0', Status: 'Running' },
      { Name: 'slimfaas-1', Status: 'Running' },
      { Name: 'slimfaas-2', Status: 'Starting' },
    ],
    FrontEnabled: true,
    FrontMessage: null as string | null,
  };
}

export type FixtureState = ReturnType<typeof sampleState>;

export interface DashboardFixture {
  url: string;
  state: FixtureState;
  wakes: string[];
  /** Sends one `activity` frame (or an `activity_batch` when given several) to every client. */
  activity(...events: Record<string, unknown>[]): void;
  /** Drops every stream connection (the page must reconnect). */
  disconnect(): void;
  clients(): number;
  close(): Promise<void>;
}

let counter = 0;
export function activityEvent(type: string, source: string, target: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return { Id: `fixture-${counter}`, Type: type, Source: source, Target: target, QueueName: null, TimestampMs: Date.now(), NodeId: 'slimfaas-0', SourcePod: null, TargetPod: null, CorrelationId: null, ...extra };
}

export async function startFixture(state: FixtureState = sampleState(), port = 0, intervalMs = 1000): Promise<DashboardFixture> {
  const clients = new Set<ServerResponse>();
  const wakes: string[] = [];
  const frame = (res: ServerResponse, event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const timer = setInterval(() => {
    for (const res of clients) frame(res, 'state', { ...state, RecentActivity: [] });
  }, intervalMs);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/status-functions-stream') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      clients.add(res);
      req.on('close', () => clients.delete(res));
      frame(res, 'state', state);
      return;
    }
    const wake = url.pathname.match(/^\/wake-function\/([^/]+)$/);
    if (req.method === 'POST' && (wake || url.pathname === '/wake-functions')) {
      const names = wake ? [decodeURIComponent(wake[1])] : state.Functions.map((f) => f.Name);
      for (const name of names) {
        wakes.push(name);
        const f = state.Functions.find((x) => x.Name === name);
        if (f && f.NumberReady === 0) {
          f.NumberRequested = Math.max(1, f.NumberRequested);
          f.Pods = [pod(`${name}-0`, 'Starting')];
          setTimeout(() => {
            f.NumberReady = 1;
            f.Pods = [pod(`${name}-0`)];
          }, 300);
        }
      }
      res.writeHead(204).end();
      return;
    }
    const logs = url.pathname.match(/^\/logs\/([^/]+)$/);
    if (logs) {
      const replica = url.searchParams.get('replica') ?? '';
      if (replica.endsWith('-1')) {
        res.writeHead(404).end();
        return;
      }
      const time = new Date().toISOString();
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.end([`listening on :8080`, `GET /compute 200 3ms`].map((line, i) => JSON.stringify({ replica, time, stream: i === 0 ? 'stdout' : 'stderr', line })).join('\n') + '\n');
      return;
    }
    const rel = url.pathname === '/' ? 'index.html' : normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = join(WEB_ROOT, rel);
    if (!file.startsWith(WEB_ROOT)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    state,
    wakes,
    activity(...events) {
      for (const res of clients) {
        if (events.length === 1) frame(res, 'activity', events[0]);
        else frame(res, 'activity_batch', events);
      }
    },
    disconnect() {
      for (const res of clients) res.destroy();
      clients.clear();
    },
    clients: () => clients.size,
    async close() {
      clearInterval(timer);
      for (const res of clients) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fixture = await startFixture(sampleState(), Number(process.argv[2] ?? 5000));
  console.log(`dashboard fixture on ${fixture.url}`);
  // The event sequences a real node emits (sync call, async call, event publication).
  const names = ['fibonacci', 'mysql'];
  setInterval(() => {
    const fn = names[Math.floor(Math.random() * names.length)];
    const pod = `${fn}-0`;
    const roll = Math.random();
    const later = (ms: number, event: Record<string, unknown>) => setTimeout(() => fixture.activity(event), ms);
    if (roll < 0.45) {
      const start = activityEvent('request_in', 'external', 'slimfaas');
      const id = start.Id;
      fixture.activity(start, activityEvent('request_out', 'slimfaas', fn, { TargetPod: pod, CorrelationId: id }));
      later(700, activityEvent('response', fn, 'slimfaas', { SourcePod: pod, CorrelationId: id }));
      later(750, activityEvent('request_end', 'slimfaas', 'external', { CorrelationId: id }));
    } else if (roll < 0.8) {
      fixture.activity(activityEvent('enqueue', 'external', 'slimfaas', { QueueName: fn }));
      const dequeue = activityEvent('dequeue', 'slimfaas', fn, { QueueName: fn });
      later(1300, dequeue);
      later(1300, activityEvent('request_out', 'slimfaas', fn, { QueueName: fn, TargetPod: pod, CorrelationId: dequeue.Id }));
      later(2000, activityEvent('response', fn, 'slimfaas', { QueueName: fn, SourcePod: pod, CorrelationId: dequeue.Id }));
    } else {
      fixture.activity(activityEvent('event_publish', 'slimfaas', 'fibonacci', { TargetPod: 'fibonacci-0' }), activityEvent('event_publish', 'slimfaas', 'fibonacci', { TargetPod: 'fibonacci-1' }));
    }
  }, 500);
}
