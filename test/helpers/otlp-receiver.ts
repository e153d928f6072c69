/**
 * A test OTLP receiver: OTLP/HTTP (`POST /v1/traces|logs|metrics`, JSON or protobuf bodies) on
 * `httpUrl` and OTLP/gRPC (the three `Export` methods over cleartext HTTP/2) on `grpcUrl`. It keeps
 * the spans, log records and metric names it received and lets tests wait on them.
 */
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { decodeLogs, decodeMetrics, decodeTraces } from './otlp-wire.js';
import { waitFor } from './wait.js';

type Attr = { key: string; value: Record<string, unknown> };

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP kind: 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  serviceName: string;
  /** `json`, `protobuf` or `grpc`. */
  via: string;
}

export interface ReceivedLog {
  body: string;
  severityText: string;
  traceId: string;
  serviceName: string;
}

export const SERVER = 2;
export const CLIENT = 3;

const flat = (attrs: Attr[] | undefined): Record<string, unknown> =>
  Object.fromEntries((attrs ?? []).map(({ key, value }) => [key, Object.values(value)[0]]));

type Signal = 'traces' | 'logs' | 'metrics';

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly logs: ReceivedLog[] = [];
  readonly metricNames = new Set<string>();
  readonly requests: Array<{ signal: Signal; via: string }> = [];
  httpUrl = '';
  grpcUrl = '';
  private readonly http = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const signal = /^\/v1\/(traces|logs|metrics)$/.exec(req.url ?? '')?.[1] as Signal | undefined;
      if (!signal || req.method !== 'POST') return void res.writeHead(404).end();
      const body = Buffer.concat(chunks);
      const json = (req.headers['content-type'] ?? '').includes('json');
      this.accept(signal, json ? JSON.parse(body.toString('utf8')) : decode(signal, body), json ? 'json' : 'protobuf');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : '');
    });
  });
  private readonly grpc = http2.createServer();
  private readonly sessions = new Set<http2.ServerHttp2Session>();

  async start(): Promise<this> {
    this.grpc.on('session', (session) => {
      this.sessions.add(session);
      session.once('close', () => this.sessions.delete(session));
    });
    this.grpc.on('stream', (stream, headers) => {
      const signal = /collector\.(trace|logs|metrics)\.v1\./.exec(String(headers[':path']))?.[1];
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const frame = Buffer.concat(chunks);
        const s: Signal = signal === 'trace' ? 'traces' : (signal as Signal);
        if (frame.length >= 5) this.accept(s, decode(s, frame.subarray(5, 5 + frame.readUInt32BE(1))), 'grpc');
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.alloc(5));
      });
    });
    await new Promise<void>((r) => this.http.listen(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => this.grpc.listen(0, '127.0.0.1', () => r()));
    this.httpUrl = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    this.grpcUrl = `http://127.0.0.1:${(this.grpc.address() as AddressInfo).port}`;
    return this;
  }

  private accept(signal: Signal, message: any, via: string): void {
    this.requests.push({ signal, via });
    for (const r of message.resourceSpans ?? message.resourceLogs ?? message.resourceMetrics ?? []) {
      const serviceName = String(flat(r.resource?.attributes)['service.name'] ?? '');
      for (const s of r.scopeSpans ?? []) {
        for (const sp of s.spans ?? []) {
          this.spans.push({ traceId: sp.traceId, spanId: sp.spanId, parentSpanId: sp.parentSpanId ?? '', name: sp.name, kind: Number(sp.kind), attributes: flat(sp.attributes), serviceName, via });
        }
      }
      for (const s of r.scopeLogs ?? []) {
        for (const l of s.logRecords ?? []) this.logs.push({ body: String(Object.values(l.body ?? {})[0] ?? ''), severityText: l.severityText ?? '', traceId: l.traceId ?? '', serviceName });
      }
      for (const s of r.scopeMetrics ?? []) for (const m of s.metrics ?? []) this.metricNames.add(m.name);
    }
  }

  async waitForSpan(predicate: (s: ReceivedSpan) => boolean, what: string, timeoutMs = 30_000): Promise<ReceivedSpan> {
    await waitFor(() => this.spans.some(predicate), timeoutMs, `${what} (spans so far: ${this.spans.map((s) => s.name).join(', ')})`);
    return this.spans.find(predicate)!;
  }

  async close(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise((r) => this.http.close(() => r(undefined)));
    for (const session of this.sessions) session.destroy();
    await new Promise((r) => this.grpc.close(() => r(undefined)));
  }
}

function decode(signal: Signal, body: Buffer): unknown {
  return signal === 'traces' ? decodeTraces(body) : signal === 'logs' ? decodeLogs(body) : decodeMetrics(body);
}
