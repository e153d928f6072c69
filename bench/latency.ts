/**
 * The latency sampler the gateway benchmarks share: `calls` POSTs of `body` on one keep-alive
 * connection after `warmup` unmeasured ones (each must answer 200), and the median/p90/p99 of them.
 */
import { Agent, request } from 'undici';

export interface Figures {
  median: number;
  p90: number;
  p99: number;
}

/** Latencies in ms, in call order. */
export async function sampleLatencies(url: string, body: Buffer, calls: number, warmup: number): Promise<number[]> {
  const agent = new Agent({ connections: 1, pipelining: 1 });
  const once = async () => {
    const started = process.hrtime.bigint();
    const res = await request(url, { method: 'POST', body, dispatcher: agent, headers: { 'content-type': 'application/json' } });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let i = 0; i < warmup; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) samples.push(await once());
  await agent.close();
  return samples;
}

export function figures(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p90: at(0.9), p99: at(0.99) };
}
