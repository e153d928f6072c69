// The PromQL syntax tree the evaluator walks (built from the lezer parse tree), with Prometheus's
// static value types; parentheses around function and aggregation arguments are already removed.
import type { FunctionSignature, ValueType } from './functions-table.js';
import type { LabelMatcher } from './matchers.js';

export type { ValueType };

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2' | '==' | '!=' | '>' | '<' | '>=' | '<=' | 'and' | 'or' | 'unless';
export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'count_values' | 'topk' | 'bottomk' | 'quantile' | 'stddev' | 'stdvar';

export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
}

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly validUtf8: boolean;
  /** The literal as written, quotes included. */
  readonly raw: string;
}

export interface VectorSelector {
  readonly kind: 'vectorSelector';
  /** Metric name written before the braces, if any. */
  readonly name: string | undefined;
  /** All matchers, including `__name__="<name>"` for a name written before the braces. */
  readonly matchers: readonly LabelMatcher[];
  readonly offsetMs: number;
}

export interface MatrixSelector {
  readonly kind: 'matrixSelector';
  readonly selector: VectorSelector;
  readonly rangeMs: number;
}

export interface ParenExpr {
  readonly kind: 'paren';
  readonly expr: Expr;
}

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '+' | '-';
  readonly expr: Expr;
}

export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** Labels of `on(...)` (when `on`) or `ignoring(...)`. */
  readonly matchingLabels: readonly string[];
  readonly on: boolean;
  /** Labels of `group_left(...)` / `group_right(...)`. */
  readonly include: readonly string[];
}

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  /** Present only when both sides are instant vectors. */
  readonly matching: VectorMatching | undefined;
}

export interface AggregateExpr {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly expr: Expr;
  readonly param: Expr | undefined;
  readonly grouping: readonly string[];
  readonly without: boolean;
}

export interface Call {
  readonly kind: 'call';
  readonly func: FunctionSignature;
  readonly args: readonly Expr[];
}

export type Expr = NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | ParenExpr | UnaryExpr | BinaryExpr | AggregateExpr | Call;

export function valueTypeOf(e: Expr): ValueType {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vectorSelector':
      return 'vector';
    case 'matrixSelector':
      return 'matrix';
    case 'paren':
    case 'unary':
      return valueTypeOf(e.expr);
    case 'binary':
      return valueTypeOf(e.lhs) === 'scalar' && valueTypeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'aggregate':
      return 'vector';
    case 'call':
      return e.func.returnType;
  }
}

/** Removes any parentheses around an expression (Prometheus's `unwrapParenExpr`). */
export function unwrapParens(e: Expr): Expr {
  let cur = e;
  while (cur.kind === 'paren') cur = cur.expr;
  return cur;
}
