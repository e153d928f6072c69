/** Async figures: 202 latency and arrival latency (send → handler start), paced and burst, lost and duplicate messages. */
import { existsSync, readFileSync } from 'node:fs';
import { RawClient } from './raw-client.js';
import { percentile } from './stats.js';

const now = () => performance.timeOrigin + performance.now();

/** Arrivals recorded by the echo target: id → delays (ms) in arrival order. */
export function readArrivals(file: string): Map<string, number[]> {
  const map = new Map<string, number[]>();
  if (!existsSync(file)) return map;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [id, delay] = line.split(' ');
    if (!id || delay === undefined) continue;
    map.set(id, [...(map.get(id) ?? []), Number(delay)]);
  }
  return map;
}

/** POSTs `ids` to `url` (`concurrency` at a time, or one every `intervalMs`); returns each 202 latency and the accepted ids. */
export async function send(url: string, ids: string[], opts: { concurrency?: number; intervalMs?: number }) {
  const client = new RawClient(url, opts.concurrency ?? 4);
  const path = new URL(url).pathname;
  const accept: number[] = [];
  const accepted: string[] = [];
  const one = async (id: string) => {
    const t = performance.now();
    try {
      const status = await client.post(path, { 'x-msg-id': id, 'x-sent-ms': String(now()), 'content-type': 'application/json' }, `{"id":"${id}"}`);
      if (status === 202) { accept.push(performance.now() - t); accepted.push(id); }
    } catch { /* counted as not accepted */ }
  };
  const start = performance.now();
  if (opts.intervalMs) {
    const pending: Promise<void>[] = [];
    for (const id of ids) { pending.push(one(id)); await new Promise((r) => setTimeout(r, opts.intervalMs)); }
    await Promise.all(pending);
  } else {
    let next = 0;
    await Promise.all(Array.from({ length: opts.concurrency ?? 1 }, async () => { while (next < ids.length) await one(ids[next++]!); }));
  }
  const acceptElapsedMs = performance.now() - start;
  client.close();
  return { accept, accepted, acceptElapsedMs, startedAt: start };
}

/** Waits until every accepted id arrived (or `idleMs` without progress); returns lost/duplicates and the arrival delays. */
export async function settle(file: string, ids: string[], idleMs = 15_000) {
  let last = -1, since = performance.now(), map = readArrivals(file);
  for (;;) {
    map = readArrivals(file);
    const got = ids.filter((id) => map.has(id)).length;
    if (got === ids.length) break;
    if (got !== last) { last = got; since = performance.now(); }
    if (performance.now() - since > idleMs) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const doneAt = performance.now();
  const delays = ids.flatMap((id) => map.get(id)?.slice(0, 1) ?? []);
  return {
    doneAt,
    lost: ids.filter((id) => !map.has(id)).length,
    duplicates: ids.reduce((n, id) => n + Math.max(0, (map.get(id)?.length ?? 0) - 1), 0),
    arrivalP50Ms: percentile(delays, 0.5),
    arrivalP95Ms: percentile(delays, 0.95),
    arrivalP99Ms: percentile(delays, 0.99),
  };
}
