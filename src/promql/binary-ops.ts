// Element-wise binary operators on floats as Prometheus computes them (Go math.Pow/Mod semantics,
// comparisons as filters or 0/1 with `bool`).
import type { BinaryOp } from './ast.js';

/** Go's math.Pow where it differs from JavaScript's `**` (1^NaN, (-1)^±Inf). */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return x ** y;
}

export function isComparison(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

/** Arithmetic operators change the meaning of a metric, so the result loses `__name__`. */
export function changesMetricSchema(op: BinaryOp): boolean {
  return op === '+' || op === '-' || op === '*' || op === '/' || op === '^' || op === '%' || op === 'atan2';
}

export function arithmetic(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    case '^':
      return goPow(l, r);
    case 'atan2':
      return Math.atan2(l, r);
    default:
      throw new Error(`not an arithmetic operator: ${op}`);
  }
}

export function compare(op: BinaryOp, l: number, r: number): boolean {
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '>':
      return l > r;
    case '<':
      return l < r;
    case '>=':
      return l >= r;
    case '<=':
      return l <= r;
    default:
      throw new Error(`not a comparison operator: ${op}`);
  }
}

/** Scalar op scalar (comparisons always carry `bool` here and give 0 or 1). */
export function scalarBinop(op: BinaryOp, l: number, r: number): number {
  return isComparison(op) ? (compare(op, l, r) ? 1 : 0) : arithmetic(op, l, r);
}
