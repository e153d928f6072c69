// Public evaluation entry points: `evaluateInstantOn` (any SeriesSource) and `evaluateInstant` (arrays),
// returning Prometheus's instant-query result after delayed `__name__` removal and the labelset check.
import { PromqlEvalError } from './errors.js';
import { assertUniqueLabelSets } from './eval-labels.js';
import { evaluate } from './eval.js';
import { dropMetadata, labelsToRecord } from './labels.js';
import { parsePromql, type ParsedPromql } from './parse.js';
import { arraySeriesSource, type SeriesInput, type SeriesSource } from './series-source.js';
import { DEFAULT_LOOKBACK_MS, type Sample } from './values.js';

export interface VectorSample {
  labels: Record<string, string>;
  /** May be NaN or ±Infinity, exactly as Prometheus would return. */
  value: number;
}

export type InstantResult = { resultType: 'scalar'; value: number } | { resultType: 'vector'; samples: VectorSample[] };

export interface EvaluateOptions {
  /** Instant-selector look-back, ms (Prometheus default: 5 minutes). */
  lookbackMs?: number;
}

function checkTime(atMs: number): number {
  if (typeof atMs !== 'number' || !Number.isFinite(atMs)) throw new TypeError('atMs must be a finite number of milliseconds');
  return Math.round(atMs);
}

/** Evaluates an instant query at `atMs` over a SeriesSource. Throws PromqlParseError / PromqlUnsupportedError / PromqlEvalError. */
export function evaluateInstantOn(source: SeriesSource, expr: string | ParsedPromql, atMs: number, options: EvaluateOptions = {}): InstantResult {
  const parsed = typeof expr === 'string' ? parsePromql(expr) : expr;
  const lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  if (!(lookbackMs > 0)) throw new TypeError('lookbackMs must be positive');
  const value = evaluate(parsed.root, { source, timeMs: checkTime(atMs), lookbackMs, labelReplaceRegexes: parsed.labelReplaceRegexes });
  if (value.kind === 'scalar') return { resultType: 'scalar', value: value.value };
  if (value.kind !== 'vector') throw new PromqlEvalError(`unexpected ${value.kind} result`);
  const cleaned: Sample[] = value.samples.map((s) => (s.dropName ? { labels: dropMetadata(s.labels), value: s.value, dropName: false } : s));
  assertUniqueLabelSets(cleaned);
  return { resultType: 'vector', samples: cleaned.map((s) => ({ labels: labelsToRecord(s.labels), value: s.value })) };
}

/**
 * Evaluates an instant query at `atMs` (ms since the epoch) over in-memory series
 * (`samples`: [timestampMs, value | null], null = staleness marker).
 */
export function evaluateInstant(expr: string | ParsedPromql, series: readonly SeriesInput[], atMs: number, options: EvaluateOptions = {}): InstantResult {
  const parsed = typeof expr === 'string' ? parsePromql(expr) : expr;
  return evaluateInstantOn(arraySeriesSource(series), parsed, atMs, options);
}

/**
 * One number for a trigger (spec decision 3): a scalar as is, a vector's values summed, `undefined` for an
 * empty vector ("no data"). NaN/±Infinity are returned as they are; callers treat them as invalid.
 */
export function resultAsNumber(result: InstantResult): number | undefined {
  if (result.resultType === 'scalar') return result.value;
  if (result.samples.length === 0) return undefined;
  let sum = 0;
  for (const s of result.samples) sum += s.value;
  return sum;
}
