// Public API of `slimfaas/promql`: parse once, evaluate instant queries with Prometheus semantics over
// arrays or any SeriesSource, list the metric names an expression needs; error classes by cause.
export { PromqlError, PromqlEvalError, PromqlParseError, PromqlUnsupportedError } from './errors.js';
export { evaluateInstant, evaluateInstantOn, resultAsNumber, type EvaluateOptions, type InstantResult, type VectorSample } from './evaluate.js';
export { fixedMetricName, type LabelMatcher, type MatchType } from './matchers.js';
export { metricNamesOf, parsePromql, type ParsedPromql } from './parse.js';
export { arraySeriesSource, type SamplePoint, type SeriesInput, type SeriesSource, type SourceSeries } from './series-source.js';
export { supportedFunctionNames } from './functions-table.js';
export { formatGoFloat } from './format-float.js';
