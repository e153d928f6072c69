/** Receives the reports of test replicas (test/fixtures/recorder-function.mjs) and lets tests wait on them. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait.js';

export interface ReplicaRecord {
  fn: string;
  replica: string;
  pid: number;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  bodyLength: number;
  event: 'start' | 'end' | 'aborted';
  at: number;
  status?: number;
}

export class Collector {
  readonly records: ReplicaRecord[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      this.records.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end();
    });
  });
  url = '';

  /** Listens on `host` (loopback by default; the Docker bridge gateway for containers to reach it). */
  async start(host = '127.0.0.1'): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, host, () => r()));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}/record`;
    return this;
  }

  starts(fn?: string): ReplicaRecord[] {
    return this.records.filter((r) => r.event === 'start' && (!fn || r.fn === fn));
  }

  async waitForStarts(count: number, fn?: string, timeoutMs = 30_000): Promise<ReplicaRecord[]> {
    await waitFor(() => this.starts(fn).length >= count, timeoutMs, `${count} request(s) received by ${fn ?? 'any function'} (got ${this.starts(fn).length})`);
    return this.starts(fn);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}
