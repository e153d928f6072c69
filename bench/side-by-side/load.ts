/** Closed-loop load client (undici): `concurrency` loops POSTing `body` for `durationMs`; per-request latencies in ms. */
import { Agent, request } from 'undici';

export interface Run { samples: number[]; elapsedMs: number; errors: number }

export async function closedLoop(url: string, body: Buffer, concurrency: number, durationMs: number, warmupMs = 300): Promise<Run> {
  const agent = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const samples: number[] = [];
  let errors = 0, measuring = false;
  const once = async () => {
    const t = performance.now();
    try {
      const res = await request(url, { method: 'POST', body, dispatcher: agent });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) errors++;
    } catch { errors++; }
    if (measuring) samples.push(performance.now() - t);
  };
  const loop = async (until: number) => { while (performance.now() < until) await once(); };
  await Promise.all(Array.from({ length: concurrency }, () => loop(performance.now() + warmupMs)));
  measuring = true;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => loop(start + durationMs)));
  const elapsedMs = performance.now() - start;
  await agent.close();
  return { samples, elapsedMs, errors };
}

/** `n` simultaneous fresh connections (agent: false), the time of the first request on each. */
export async function newConnections(url: string, n: number): Promise<number[]> {
  const http = await import('node:http');
  return Promise.all(Array.from({ length: n }, () => new Promise<number>((resolve) => {
    const t = performance.now();
    const req = http.request(url, { method: 'POST', agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t));
    });
    req.on('error', () => resolve(NaN));
    req.end('x'.repeat(64));
  })));
}
