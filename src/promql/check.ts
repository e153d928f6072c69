// Static type checking of a built AST with the rules and messages of Prometheus's `checkAST`; also
// normalises set operators to many-to-many matching and drops matching for non-vector operands.
import { type BinaryExpr, type Expr, type ValueType, valueTypeOf } from './ast.js';
import { PromqlParseError } from './errors.js';

const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

function documented(t: ValueType): string {
  return t === 'vector' ? 'instant vector' : t === 'matrix' ? 'range vector' : t;
}

function fail(message: string): never {
  throw new PromqlParseError(`parse error: ${message}`);
}

function expectType(e: Expr, want: ValueType, context: string): Expr {
  const checked = checkExpr(e);
  const t = valueTypeOf(checked);
  if (t !== want) fail(`expected type ${documented(want)} in ${context}, got ${documented(t)}`);
  return checked;
}

function checkBinary(e: BinaryExpr): BinaryExpr {
  const lhs = checkExpr(e.lhs);
  const rhs = checkExpr(e.rhs);
  const lt = valueTypeOf(lhs);
  const rt = valueTypeOf(rhs);
  const comparison = COMPARISONS.has(e.op);
  const setOp = SET_OPS.has(e.op);
  if (e.returnBool && !comparison) fail('bool modifier can only be used on comparison operators');
  if (comparison && !e.returnBool && lt === 'scalar' && rt === 'scalar') fail('comparisons between scalars must use BOOL modifier');
  let matching = e.matching;
  if (matching && setOp && matching.card === 'one-to-one') matching = { ...matching, card: 'many-to-many' };
  if (matching?.on) {
    for (const l of matching.matchingLabels) if (matching.include.includes(l)) fail(`label "${l}" must not occur in ON and GROUP clause at once`);
  }
  if (lt !== 'scalar' && lt !== 'vector') fail('binary expression must contain only scalar and instant vector types');
  if (rt !== 'scalar' && rt !== 'vector') fail('binary expression must contain only scalar and instant vector types');
  if ((lt !== 'vector' || rt !== 'vector') && matching) {
    if (matching.matchingLabels.length > 0) fail('vector matching only allowed between instant vectors');
    matching = undefined;
  } else if (setOp && matching) {
    if (matching.card === 'one-to-many' || matching.card === 'many-to-one') fail(`no grouping allowed for "${e.op}" operation`);
    if (matching.card !== 'many-to-many') fail('set operations must always be many-to-many');
  }
  if ((lt === 'scalar' || rt === 'scalar') && setOp) fail(`set operator "${e.op}" not allowed in binary scalar expression`);
  return { ...e, lhs, rhs, matching };
}

/** Type-checks recursively; returns the (normalised) expression or throws PromqlParseError. */
export function checkExpr(e: Expr): Expr {
  switch (e.kind) {
    case 'number':
    case 'string':
    case 'vectorSelector':
    case 'matrixSelector':
      return e;
    case 'paren':
      return { ...e, expr: checkExpr(e.expr) };
    case 'unary': {
      const expr = checkExpr(e.expr);
      const t = valueTypeOf(expr);
      if (t !== 'scalar' && t !== 'vector') fail(`unary expression only allowed on expressions of type scalar or instant vector, got "${documented(t)}"`);
      return { ...e, expr };
    }
    case 'binary':
      return checkBinary(e);
    case 'aggregate': {
      const expr = expectType(e.expr, 'vector', 'aggregation expression');
      const param = e.param && expectType(e.param, e.op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter');
      return { ...e, expr, param };
    }
    case 'call': {
      const f = e.func;
      const n = f.argTypes.length;
      if (f.variadic === 0) {
        if (n !== e.args.length) fail(`expected ${n} argument(s) in call to "${f.name}", got ${e.args.length}`);
      } else if (n - 1 > e.args.length) {
        fail(`expected at least ${n - 1} argument(s) in call to "${f.name}", got ${e.args.length}`);
      } else if (f.variadic > 0 && n - 1 + f.variadic < e.args.length) {
        fail(`expected at most ${n - 1 + f.variadic} argument(s) in call to "${f.name}", got ${e.args.length}`);
      }
      const args: Expr[] = [];
      for (let i = 0; i < e.args.length; i++) {
        if (i >= n && f.variadic === 0) break;
        const want = f.argTypes[Math.min(i, n - 1)] as ValueType;
        args.push(expectType(e.args[i] as Expr, want, `call to function "${f.name}"`));
      }
      return { ...e, args };
    }
  }
}
