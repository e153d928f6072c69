/**
 * The latency sampler the gateway benchmarks share: `calls` POSTs of `body` on one keep-alive
 * connection after `warmup` unmeasured ones (each must answer `expectStatus`, 200 by default), and
 * the median/p90/p99 of them (nearest-rank percentiles, the benchmarks' one implementation).
 */
import { Agent, request } from 'undici';

export interface Figures {
  median: number;
  p90: number;
  p99: number;
}

/** The nearest-rank percentile of `samples` (`q` in 0…1); NaN when there are none. */
export function percentile(samples: number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Latencies in ms, in call order. */
export async function sampleLatencies(url: string, body: Buffer, calls: number, warmup: number, expectStatus = 200): Promise<number[]> {
  const agent = new Agent({ connections: 1, pipelining: 1 });
  const once = async () => {
    const started = process.hrtime.bigint();
    const res = await request(url, { method: 'POST', body, dispatcher: agent, headers: { 'content-type': 'application/json' } });
    await res.body.arrayBuffer();
    if (res.statusCode !== expectStatus) throw new Error(`${url} answered ${res.statusCode}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let i = 0; i < warmup; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) samples.push(await once());
  await agent.close();
  return samples;
}

export function figures(samples: number[]): Figures {
  return { median: percentile(samples, 0.5), p90: percentile(samples, 0.9), p99: percentile(samples, 0.99) };
}
