/** Scaling from zero: a 200-message async burst to a function with a PromQL queue trigger, timed from GET /status-functions. */
import { send } from './async.js';
import { readArrivals } from './async.js';

interface FnStatus { Name: string; NumberReady?: number; NumberRequested?: number }

export async function scalingFromZero(baseUrl: string, name: string, arrivalsFile: string, messages: number, timeoutMs = 90_000) {
  const ids = Array.from({ length: messages }, (_, i) => `scale-${i}`);
  const t0 = performance.now();
  const marks: Record<string, number | null> = { firstDesiredMs: null, firstReadyMs: null, fourDesiredMs: null, fourReadyMs: null, drainedMs: null };
  const sending = send(`${baseUrl}/async-function/${name}/work`, ids, { concurrency: 16 });
  let maxRequested = 0, maxReady = 0;
  while (performance.now() - t0 < timeoutMs && marks.drainedMs === null) {
    const at = performance.now() - t0;
    try {
      const list = (await (await fetch(`${baseUrl}/status-functions`)).json()) as FnStatus[];
      const s = list.find((f) => f.Name === name) ?? { Name: name };
      const req = s.NumberRequested ?? 0, ready = s.NumberReady ?? 0;
      maxRequested = Math.max(maxRequested, req); maxReady = Math.max(maxReady, ready);
      if (req >= 1) marks.firstDesiredMs ??= at;
      if (ready >= 1) marks.firstReadyMs ??= at;
      if (req >= 4) marks.fourDesiredMs ??= at;
      if (ready >= 4) marks.fourReadyMs ??= at;
    } catch { /* keep polling */ }
    const arrived = readArrivals(arrivalsFile);
    if (ids.every((id) => arrived.has(id))) marks.drainedMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  const sent = await sending;
  return { ...marks, accepted: sent.accepted.length, maxRequested, maxReady };
}
