/** Pure helpers of the side-by-side benchmark: percentiles (the shared ones of bench/latency.ts) and the comparison of two results. */
export { percentile } from '../latency.js';

/** Figures where a larger value is better (the rest: smaller is better). */
const HIGHER_BETTER = /rps|MsgsPerSec|accepted|maxReady|maxRequested/;
/** Counts that should stay put: any increase is a regression, whatever the threshold. */
const COUNT_BAD = /lost|duplicates|notAccepted/;

export interface Change { figure: string; before: number; after: number; changePct: number; regression: boolean }

/** Flattens numeric leaves of a results object to `path → value` (sync rows keyed by route/payload/concurrency). */
export function flatten(obj: unknown, prefix = '', out: Record<string, number> = {}): Record<string, number> {
  if (Array.isArray(obj)) {
    for (const row of obj as Record<string, unknown>[]) {
      const key = row && typeof row === 'object' && 'route' in row ? `${row.route}.${row.payloadBytes ?? ''}B.c${row.concurrency ?? ''}` : '';
      flatten(row, `${prefix}${key}.`, out);
    }
  } else if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'number' && ['payloadBytes', 'concurrency'].includes(k)) continue;
      if (typeof v === 'number') out[prefix + k] = v;
      else flatten(v, `${prefix}${k}.`, out);
    }
  }
  return out;
}

/** Change of every figure present in both; a regression is a change for the worse above `threshold` (fraction). */
export function compare(before: unknown, after: unknown, threshold = 0.1): Change[] {
  const a = flatten(before), b = flatten(after);
  const changes: Change[] = [];
  for (const figure of Object.keys(b)) {
    if (!(figure in a) || !Number.isFinite(a[figure]) || !Number.isFinite(b[figure])) continue;
    const x = a[figure]!, y = b[figure]!;
    const changePct = x === 0 ? (y === 0 ? 0 : Infinity) : ((y - x) / Math.abs(x)) * 100;
    const worse = HIGHER_BETTER.test(figure) ? -changePct : changePct;
    const regression = COUNT_BAD.test(figure) ? y > x : worse > threshold * 100;
    changes.push({ figure, before: x, after: y, changePct, regression });
  }
  return changes;
}
