// Turns a lezer-promql syntax tree into our AST following Prometheus's grammar actions (operators are
// re-associated by parse-operators); unsupported syntax raises PromqlUnsupportedError.
import type { SyntaxNode } from '@lezer/common';
import type { AggregateOp, Expr, VectorMatching } from './ast.js';
import { unwrapParens } from './ast.js';
import { PromqlParseError, PromqlUnsupportedError } from './errors.js';
import { functionSignature } from './functions-table.js';
import { nodeText, stringLiteral } from './parse-literals.js';
import { flatten, OperatorParser, type OperatorHooks } from './parse-operators.js';
import { applyOffset, buildMatrixSelector, buildVectorSelector } from './parse-selectors.js';
import { children, firstChild } from './syntax-nodes.js';

const AGGREGATE_OPS = new Set<string>(['sum', 'avg', 'min', 'max', 'count', 'group', 'count_values', 'topk', 'bottomk', 'quantile', 'stddev', 'stdvar']);
const PARAM_AGGREGATES = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);

function groupingLabels(src: string, node: SyntaxNode): string[] {
  return children(node).map((c) => {
    if (c.name === 'LabelName') return nodeText(src, c);
    const u = stringLiteral(nodeText(src, firstChild(c) ?? c));
    if (!u.validUtf8 || u.value === '') throw new PromqlParseError(`parse error: invalid label name for grouping: ${JSON.stringify(u.value)}`);
    return u.value;
  });
}

export class TreeBuilder {
  constructor(private readonly src: string) {}

  build(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'NumberDurationLiteral':
      case 'OffsetExpr':
      case 'UnaryExpr':
      case 'BinaryExpr':
        return this.operators(node);
      case 'StringLiteral': {
        const raw = nodeText(this.src, node);
        const u = stringLiteral(raw);
        return { kind: 'string', value: u.value, validUtf8: u.validUtf8, raw };
      }
      case 'VectorSelector':
        return buildVectorSelector(this.src, node);
      case 'MatrixSelector': {
        const [inner, range] = children(node) as [SyntaxNode, SyntaxNode];
        return buildMatrixSelector(this.src, this.build(inner), inner, range);
      }
      case 'ParenExpr':
        return { kind: 'paren', expr: this.build(firstChild(node) as SyntaxNode) };
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'FunctionCall':
        return this.call(node);
      case 'SubqueryExpr':
        throw new PromqlUnsupportedError('subquery', nodeText(this.src, node));
      case 'StepInvariantExpr':
        throw new PromqlUnsupportedError('@ modifier', nodeText(this.src, node));
      case 'AnchoredExpr':
        throw new PromqlUnsupportedError('anchored modifier');
      case 'SmoothedExpr':
        throw new PromqlUnsupportedError('smoothed modifier');
      default:
        throw new PromqlParseError(`parse error: unexpected ${node.name} "${nodeText(this.src, node)}"`);
    }
  }

  private operators(node: SyntaxNode): Expr {
    const hooks: OperatorHooks = {
      matching: (n) => this.matching(n),
      atom: (n) => this.build(n),
      offset: (inner, duration) => applyOffset(this.src, inner, duration),
    };
    return new OperatorParser(flatten(this.src, node, hooks), hooks).parse();
  }

  private matching(node: SyntaxNode): VectorMatching {
    const parts = children(node);
    const on = (parts[0] as SyntaxNode).name === 'On';
    const matchingLabels = groupingLabels(this.src, parts[1] as SyntaxNode);
    const group = parts[2];
    if (!group) return { card: 'one-to-one', matchingLabels, on, include: [] };
    const include = parts[3] ? groupingLabels(this.src, parts[3]) : [];
    return { card: group.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many', matchingLabels, on, include };
  }

  private aggregate(node: SyntaxNode): Expr {
    let op = '';
    let grouping: string[] = [];
    let without = false;
    let args: Expr[] = [];
    for (const c of children(node)) {
      if (c.name === 'AggregateOp') op = nodeText(this.src, c).toLowerCase();
      else if (c.name === 'AggregateModifier') {
        const [kind, labels] = children(c) as [SyntaxNode, SyntaxNode];
        without = kind.name === 'Without';
        grouping = groupingLabels(this.src, labels);
      } else if (c.name === 'FunctionCallBody') args = children(c).map((a) => this.build(a));
    }
    if (args.length === 0) throw new PromqlParseError('parse error: no arguments for aggregate expression provided');
    const desired = PARAM_AGGREGATES.has(op) ? 2 : 1;
    if (args.length !== desired) {
      throw new PromqlParseError(`parse error: wrong number of arguments for aggregate expression provided, expected ${desired}, got ${args.length}`);
    }
    if (!AGGREGATE_OPS.has(op)) throw new PromqlUnsupportedError(`aggregation ${op}`);
    const param = desired === 2 ? unwrapParens(args[0] as Expr) : undefined;
    return { kind: 'aggregate', op: op as AggregateOp, expr: unwrapParens(args[desired - 1] as Expr), param, grouping, without };
  }

  private call(node: SyntaxNode): Expr {
    const [ident, body] = children(node) as [SyntaxNode, SyntaxNode];
    const name = nodeText(this.src, ident);
    const func = functionSignature(name);
    if (!func) throw new PromqlParseError(`parse error: unknown function with name "${name}"`);
    if (!func.supported) throw new PromqlUnsupportedError(`function ${name}`);
    const args = children(body).map((a) => unwrapParens(this.build(a)));
    return { kind: 'call', func, args };
  }
}
