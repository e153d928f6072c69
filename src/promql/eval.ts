// The instant-query evaluator: walks the AST at one timestamp against a SeriesSource, mirroring
// Prometheus's engine (delayed __name__ removal, evaluation order, per-node semantics).
import type { AggregateExpr, BinaryExpr, Call, Expr } from './ast.js';
import { unwrapParens } from './ast.js';
import { scalarBinop } from './binary-ops.js';
import { PromqlEvalError } from './errors.js';
import { aggregate, countValues, topBottomK } from './eval-aggregate.js';
import { goQuote } from './labels.js';
import { setBinop, vectorBinop, vectorScalarBinop } from './eval-binary.js';
import { callInstantFunction, callRangeFunction, isRangeFunction } from './eval-call.js';
import { absentLabels, prepareLabelJoin, prepareLabelReplace } from './eval-labels.js';
import { evalMatrixSelector, evalVectorSelector } from './select.js';
import type { EvalContext, Sample, Value } from './values.js';

function asVector(v: Value): readonly Sample[] {
  if (v.kind !== 'vector') throw new PromqlEvalError(`expected an instant vector, got ${v.kind}`);
  return v.samples;
}

function asScalar(v: Value): number {
  if (v.kind !== 'scalar') throw new PromqlEvalError(`expected a scalar, got ${v.kind}`);
  return v.value;
}

function evalBinary(e: BinaryExpr, ctx: EvalContext): Value {
  const l = evaluate(e.lhs, ctx);
  const r = evaluate(e.rhs, ctx);
  if (l.kind === 'scalar' && r.kind === 'scalar') return { kind: 'scalar', value: scalarBinop(e.op, l.value, r.value) };
  if (l.kind === 'vector' && r.kind === 'vector') {
    const matching = e.matching ?? { card: 'one-to-one', matchingLabels: [], on: false, include: [] };
    if (e.op === 'and' || e.op === 'or' || e.op === 'unless') return { kind: 'vector', samples: setBinop(e.op, l.samples, r.samples, matching) };
    return { kind: 'vector', samples: vectorBinop(e.op, l.samples, r.samples, matching, e.returnBool) };
  }
  if (l.kind === 'vector') return { kind: 'vector', samples: vectorScalarBinop(e.op, l.samples, asScalar(r), false, e.returnBool) };
  return { kind: 'vector', samples: vectorScalarBinop(e.op, asVector(r), asScalar(l), true, e.returnBool) };
}

function evalAggregate(e: AggregateExpr, ctx: EvalContext): Value {
  const grouping = { labels: e.grouping, without: e.without };
  if (e.op === 'count_values') {
    const label = e.param?.kind === 'string' ? e.param : undefined;
    if (!label || label.value === '' || !label.validUtf8) throw new PromqlEvalError(`invalid label name ${label?.validUtf8 === false ? label.raw : goQuote(label?.value ?? '')}`);
    return { kind: 'vector', samples: countValues(label.value, asVector(evaluate(e.expr, ctx)), grouping) };
  }
  const param = e.param ? asScalar(evaluate(e.param, ctx)) : NaN;
  const input = asVector(evaluate(e.expr, ctx));
  if (e.op === 'topk' || e.op === 'bottomk') return { kind: 'vector', samples: topBottomK(e.op, input, grouping, param) };
  return { kind: 'vector', samples: aggregate(e.op, input, grouping, param) };
}

function evalCall(e: Call, ctx: EvalContext): Value {
  const name = e.func.name;
  const first = e.args[0];
  switch (name) {
    case 'timestamp': {
      if (first?.kind === 'vectorSelector') {
        const samples = evalVectorSelector(ctx, first).map((s) => ({ labels: s.labels, value: s.t / 1000, dropName: true }));
        return { kind: 'vector', samples };
      }
      const samples = asVector(evaluate(first as Expr, ctx)).map((s) => ({ labels: s.labels, value: ctx.timeMs / 1000, dropName: true }));
      return { kind: 'vector', samples };
    }
    case 'label_replace': {
      const run = prepareLabelReplace(e, ctx);
      return { kind: 'vector', samples: run(asVector(evaluate(first as Expr, ctx))) };
    }
    case 'label_join': {
      const run = prepareLabelJoin(e);
      return { kind: 'vector', samples: run(asVector(evaluate(first as Expr, ctx))) };
    }
    case 'absent': {
      const present = asVector(evaluate(first as Expr, ctx)).length > 0;
      return { kind: 'vector', samples: present ? [] : [{ labels: absentLabels(first), value: 1, dropName: false }] };
    }
    default:
  }
  if (isRangeFunction(name)) {
    const index = e.args.findIndex((a) => unwrapParens(a).kind === 'matrixSelector');
    const scalars = e.args.map((a, i) => (i === index ? NaN : asScalar(evaluate(a, ctx))));
    const sel = unwrapParens(e.args[index] as Expr);
    if (sel.kind !== 'matrixSelector') throw new PromqlEvalError(`${name}() needs a range vector selector`);
    const series = evalMatrixSelector(ctx, sel);
    if (name === 'absent_over_time') {
      return { kind: 'vector', samples: series.length > 0 ? [] : [{ labels: absentLabels(sel), value: 1, dropName: true }] };
    }
    return { kind: 'vector', samples: callRangeFunction(name, sel, series, scalars.filter((_, i) => i !== index), ctx.timeMs) };
  }
  const args = e.args.map((a) => evaluate(a, ctx));
  return callInstantFunction(e, args, ctx.timeMs);
}

export function evaluate(e: Expr, ctx: EvalContext): Value {
  switch (e.kind) {
    case 'number':
      return { kind: 'scalar', value: e.value };
    case 'string':
      return { kind: 'string', value: e.value };
    case 'vectorSelector':
      return { kind: 'vector', samples: evalVectorSelector(ctx, e) };
    case 'matrixSelector':
      return { kind: 'matrix', series: evalMatrixSelector(ctx, e) };
    case 'paren':
      return evaluate(e.expr, ctx);
    case 'unary': {
      const v = evaluate(e.expr, ctx);
      if (e.op === '+') return v;
      if (v.kind === 'scalar') return { kind: 'scalar', value: -v.value };
      return { kind: 'vector', samples: asVector(v).map((s) => ({ labels: s.labels, value: -s.value, dropName: true })) };
    }
    case 'binary':
      return evalBinary(e, ctx);
    case 'aggregate':
      return evalAggregate(e, ctx);
    case 'call':
      return evalCall(e, ctx);
  }
}
