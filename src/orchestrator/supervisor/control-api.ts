/**
 * The supervisor control API (platform.md §2.4.5 step 3), served on loopback by whoever owns the
 * ProcessOrchestrator: topology, scaling, the job operations and a change stream, every route
 * behind `X-SlimFaas-Token` (constant-time; wrong or missing → 401). Every topology it hands out
 * (GET or stream) carries a strictly increasing version, so a client can always keep the newest.
 *
 *   GET    /v1/topology?namespace=        200 Topology (camelCase), header X-SlimFaas-Topology-Version
 *   GET    /v1/changes?namespace=         200 text/event-stream: `event: topology`, `id:` version, data Topology
 *   PUT    /v1/functions/{name}/scale     {"replicas": N} → 204; unknown function 404
 *   GET    /v1/functions/{name}/logs      ?tail=&replica=&sinceMs= → 200 LogLine[] (control-logs.ts); 400 bad query
 *   GET    /v1/jobs/configuration         200 DeclaredJobDefinition[]
 *   POST   /v1/jobs                       JobRunSpec → 202 (idempotent per run name); 400 {"error"} unknown configuration
 *   GET    /v1/jobs                       200 JobInfo[]
 *   DELETE /v1/jobs/{name}                204; unknown run 404
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Orchestrator, PodInfo, Topology } from '../orchestrator.js';
import type { Logger } from '../../logging.js';
import { silentLogger } from '../../logging.js';
import { CoalescedTask } from '../../util/coalesced-task.js';
import { CONTROL_TOKEN_HEADER, TOPOLOGY_VERSION_HEADER, tokenMatches } from './control-protocol.js';
import { parseJobRunBody, parseScaleBody } from './control-bodies.js';
import { parseLogsParams } from './control-logs.js';
import { SSE_HEARTBEAT, formatEvent } from './sse.js';

const MAX_BODY_BYTES = 1024 * 1024;

/** SlimFaas nodes the supervisor runs (listed in the topology) and their change signal. */
export interface NodeRoster {
  list(): PodInfo[];
  onChange(listener: () => void): () => void;
}

export interface ControlApiOptions {
  orchestrator: Orchestrator;
  /** The manifest name: a request naming another namespace gets 404. */
  namespace: string;
  token: string;
  nodes?: NodeRoster;
  /** Comment lines on idle change streams (default 15 s). */
  heartbeatMs?: number;
  logger?: Logger;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class ControlApi {
  private readonly server: http.Server;
  private readonly streams = new Set<ServerResponse>();
  private readonly publisher: CoalescedTask;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly logger: Logger;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Starts at the clock (µs) so that versions keep increasing across supervisor restarts. */
  private version = Date.now() * 1000;

  constructor(private readonly o: ControlApiOptions) {
    this.logger = o.logger ?? silentLogger;
    this.publisher = new CoalescedTask(() => this.publish(), (err) => this.logger.warn(`control API: change stream: ${err.message}`));
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        const status = err instanceof HttpError ? err.status : 503;
        if (!(err instanceof HttpError)) this.logger.warn(`control API: ${req.method} ${req.url}: ${(err as Error)?.message ?? err}`);
        json(res, status, { error: (err as Error)?.message ?? String(err) });
      });
    });
  }

  /** Listens on loopback (a random port by default) and starts following changes. */
  async listen(port = 0, host = '127.0.0.1'): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const changed = () => {
      if (this.streams.size > 0) void this.publisher.run();
    };
    if (this.o.orchestrator.onChange) this.unsubscribe.push(this.o.orchestrator.onChange(changed));
    if (this.o.nodes) this.unsubscribe.push(this.o.nodes.onChange(changed));
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) stream.write(SSE_HEARTBEAT);
    }, this.o.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    return address ? `http://127.0.0.1:${address.port}` : '';
  }

  async close(): Promise<void> {
    for (const stop of this.unsubscribe.splice(0)) stop();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await this.publisher.idle();
  }

  private async snapshot(): Promise<{ version: number; topology: Topology }> {
    const topology = await this.o.orchestrator.listTopology();
    const nodes = this.o.nodes?.list() ?? [];
    return { version: ++this.version, topology: { ...topology, slimfaasNodes: [...topology.slimfaasNodes, ...nodes] } };
  }

  private async publish(): Promise<void> {
    if (this.streams.size === 0) return;
    const { version, topology } = await this.snapshot();
    const event = formatEvent({ id: String(version), event: 'topology', data: JSON.stringify(topology) });
    for (const stream of this.streams) stream.write(event);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!tokenMatches(req.headers[CONTROL_TOKEN_HEADER], this.o.token)) {
      req.resume();
      return json(res, 401, { error: 'Missing or invalid X-SlimFaas-Token.' });
    }
    const url = new URL(req.url ?? '/', 'http://control');
    const matched = matchRoute(req.method ?? '', url.pathname.split('/').filter((p) => p !== '').map(decodeSegment));
    if (matched === null) throw new HttpError(404, `No route ${req.method} ${url.pathname}.`);
    if (matched === 'method-not-allowed') throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}.`);
    const namespace = url.searchParams.get('namespace');
    if (namespace && namespace !== this.o.namespace) throw new HttpError(404, `Namespace '${namespace}' is not served by this supervisor.`);
    const { orchestrator } = this.o;
    const name = matched.name ?? '';
    switch (matched.kind) {
      case 'topology': {
        const { version, topology } = await this.snapshot();
        return json(res, 200, topology, { [TOPOLOGY_VERSION_HEADER]: String(version) });
      }
      case 'changes':
        return this.openStream(res);
      case 'scale': {
        const replicas = parseScaleBody(await readBody(req));
        if (!replicas.ok) throw new HttpError(400, replicas.error);
        await orchestrator.setReplicas(name, replicas.value).catch((err: unknown) => {
          throw (err as { code?: string })?.code === 'NOT_FOUND' ? new HttpError(404, (err as Error).message) : err;
        });
        return empty(res, 204);
      }
      case 'logs': {
        req.resume();
        const query = parseLogsParams(url.searchParams);
        if (!query.ok) throw new HttpError(400, query.error);
        return json(res, 200, orchestrator.recentLogs ? await orchestrator.recentLogs(name, query.value) : []);
      }
      case 'job-configurations': {
        const definitions = await orchestrator.listJobDefinitions();
        if (!definitions) throw new HttpError(503, 'The job configurations could not be listed.');
        return json(res, 200, definitions);
      }
      case 'list-jobs':
        return json(res, 200, await orchestrator.listJobs());
      case 'create-job': {
        const run = parseJobRunBody(await readBody(req));
        if (!run.ok) throw new HttpError(400, run.error);
        await orchestrator.createJob(run.value).catch((err: unknown) => {
          throw (err as { code?: string })?.code === 'NOT_FOUND' ? new HttpError(400, (err as Error).message) : err;
        });
        return empty(res, 202);
      }
      case 'delete-job':
        if (!(await orchestrator.deleteJob(name))) throw new HttpError(404, `Job run '${name}' was not found.`);
        return empty(res, 204);
    }
  }

  private async openStream(res: ServerResponse): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    // Registered before the first snapshot, so no change can fall between the two; the client keeps the newest version.
    this.streams.add(res);
    res.once('close', () => this.streams.delete(res));
    const { version, topology } = await this.snapshot();
    if (!res.destroyed) res.write(formatEvent({ id: String(version), event: 'topology', data: JSON.stringify(topology) }));
  }
}

type RouteKind = 'topology' | 'changes' | 'scale' | 'logs' | 'job-configurations' | 'list-jobs' | 'create-job' | 'delete-job';

const ROUTES: Array<[string, string, RouteKind]> = [
  ['GET', '/v1/topology', 'topology'],
  ['GET', '/v1/changes', 'changes'],
  ['PUT', '/v1/functions/:name/scale', 'scale'],
  ['GET', '/v1/functions/:name/logs', 'logs'],
  ['GET', '/v1/jobs/configuration', 'job-configurations'],
  ['GET', '/v1/jobs', 'list-jobs'],
  ['POST', '/v1/jobs', 'create-job'],
  ['DELETE', '/v1/jobs/:name', 'delete-job'],
];

/** The route of `method` on the decoded path `segments`; `method-not-allowed` when only the path matches. */
export function matchRoute(method: string, segments: string[]): { kind: RouteKind; name?: string } | 'method-not-allowed' | null {
  let pathMatched = false;
  for (const [routeMethod, pattern, kind] of ROUTES) {
    const parts = pattern.split('/').filter((p) => p !== '');
    if (parts.length !== segments.length) continue;
    let name: string | undefined;
    if (!parts.every((part, i) => (part === ':name' ? ((name = segments[i]), segments[i] !== '') : part === segments[i]))) continue;
    if (routeMethod !== method) {
      pathMatched = true;
      continue;
    }
    return name === undefined ? { kind } : { kind, name };
  }
  return pathMatched ? 'method-not-allowed' : null;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `Malformed path segment '${segment}'.`);
  }
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) });
  res.end(body);
}

function empty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': '0' });
  res.end();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new HttpError(413, 'The body is too large.'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
