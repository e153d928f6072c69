// Runtime values of the instant evaluator (scalar, instant vector, range vector, string) and the
// evaluation context: the series source, the evaluation time and the 5-minute look-back.
import type { Labels } from './labels.js';
import type { CompiledRegex } from './matchers.js';
import type { RegexSyntaxError } from './regex-translate.js';
import type { SeriesSource } from './series-source.js';

/** One element of an instant vector. `dropName`: drop `__name__` at the end (delayed name removal). */
export interface Sample {
  readonly labels: Labels;
  readonly value: number;
  readonly dropName: boolean;
}

/** One series of a range vector: the non-stale points inside the window, in time order. */
export interface RangeSeries {
  readonly labels: Labels;
  readonly t: readonly number[];
  readonly v: readonly number[];
}

export type Value =
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'vector'; readonly samples: readonly Sample[] }
  | { readonly kind: 'matrix'; readonly series: readonly RangeSeries[] }
  | { readonly kind: 'string'; readonly value: string };

export interface EvalContext {
  readonly source: SeriesSource;
  /** Evaluation time, milliseconds since the epoch. */
  readonly timeMs: number;
  readonly lookbackMs: number;
  readonly labelReplaceRegexes: ReadonlyMap<string, CompiledRegex | RegexSyntaxError>;
}

export const DEFAULT_LOOKBACK_MS = 5 * 60 * 1000;
