// Lists every vector selector of a parsed expression (inside range selectors too), for the native
// histogram classification of conformance cases.
import type { Expr, VectorSelector } from '../../src/promql/ast.js';

export function selectorsOf(e: Expr): VectorSelector[] {
  switch (e.kind) {
    case 'vectorSelector':
      return [e];
    case 'matrixSelector':
      return [e.selector];
    case 'paren':
    case 'unary':
      return selectorsOf(e.expr);
    case 'binary':
      return [...selectorsOf(e.lhs), ...selectorsOf(e.rhs)];
    case 'aggregate':
      return [...(e.param ? selectorsOf(e.param) : []), ...selectorsOf(e.expr)];
    case 'call':
      return e.args.flatMap(selectorsOf);
    default:
      return [];
  }
}
