/**
 * HTTP for the data e2e suites: byte-exact bodies (Buffer), any method and headers, and an
 * external source address by default (native local mode trusts only 127.0.0.1); plus a SlimFaas
 * with no function, and the listing parsed with its ticks kept exact.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import { EXTERNAL } from '../helpers/http.js';
import { LocalUp, type Ports } from '../helpers/local-up.js';

export interface BytesResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface DataCall {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Default EXTERNAL; '127.0.0.1' is an internal caller. */
  from?: string;
}

export function dataCall(baseUrl: string, path: string, options: DataCall = {}): Promise<BytesResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port: Number(port), path, method: options.method ?? 'GET', headers: options.headers, localAddress: options.from ?? EXTERNAL, agent: false, timeout: 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout calling ${path}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `slimfaas local up` with no function (the data APIs need none). */
export function startDataOnly(env: NodeJS.ProcessEnv = {}, reuse?: { dir: string; ports: Ports }): Promise<LocalUp> {
  return LocalUp.start(() => 'functions: {}\n', reuse, env);
}

export interface Listed {
  id: string;
  /** The literal as written: digits, `-1` or `null`. */
  ticks: string;
}

/** A listing parsed without losing the ticks' precision (JSON.parse would round them). */
export function parseListing(text: string): Listed[] {
  const item = /\{"id":("(?:[^"\\]|\\.)*"),"expireAtUtcTicks":(-1|null|\d+)\}/g;
  const entries = [...text.matchAll(item)].map((m) => ({ id: JSON.parse(m[1]!) as string, ticks: m[2]! }));
  const rebuilt = `[${entries.map((e) => `{"id":${JSON.stringify(e.id)},"expireAtUtcTicks":${e.ticks}}`).join(',')}]`;
  if (rebuilt !== text) throw new Error(`not a listing: ${text.slice(0, 200)}`);
  return entries;
}

/** .NET ticks of a unix time in ms. */
export function ticksAt(unixMs: number): bigint {
  return BigInt(unixMs) * 10_000n + 621_355_968_000_000_000n;
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
