// Error classes of the PromQL engine: every failure is a PromqlError; the subclass says whether the
// text did not parse, used a feature outside the supported subset, or failed during evaluation.

/** Base class of every error thrown by the PromQL engine. */
export class PromqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The expression is not valid PromQL (syntax or type error), as Prometheus's parser would say. */
export class PromqlParseError extends PromqlError {}

/** The expression is valid PromQL but uses a feature this engine does not implement. */
export class PromqlUnsupportedError extends PromqlError {
  /** Short name of the unsupported part, e.g. `subquery`, `function predict_linear`. */
  readonly feature: string;
  constructor(feature: string, detail?: string) {
    super(`unsupported PromQL feature: ${feature}${detail ? ` (${detail})` : ''}`);
    this.feature = feature;
  }
}

/** Evaluation failed the way Prometheus's engine fails (e.g. many-to-many matching, duplicate label sets). */
export class PromqlEvalError extends PromqlError {}
