// Re-associates binary/unary/offset nodes with Prometheus's yacc precedences (lezer-promql binds `a or b offset 5m`
// and `-1 ^ 2` differently): offset > ^ (right) > unary > * / % atan2 > + - > comparisons > and unless > or.
import type { SyntaxNode } from '@lezer/common';
import type { BinaryOp, Expr, VectorMatching } from './ast.js';
import { PromqlParseError, PromqlUnsupportedError } from './errors.js';
import { nodeText, numberLiteral } from './parse-literals.js';
import { children } from './syntax-nodes.js';

export type Token =
  | { readonly t: 'atom'; readonly node: SyntaxNode }
  | { readonly t: 'number'; readonly value: number }
  | { readonly t: 'prefix'; readonly op: '+' | '-' }
  | { readonly t: 'op'; readonly op: BinaryOp; readonly returnBool: boolean; readonly matching: VectorMatching }
  | { readonly t: 'offset'; readonly node: SyntaxNode };

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Pow: '^', Mul: '*', Div: '/', Mod: '%', Atan2: 'atan2', Add: '+', Sub: '-',
  Eql: '==', Neq: '!=', Gtr: '>', Lss: '<', Gte: '>=', Lte: '<=',
  And: 'and', Or: 'or', Unless: 'unless',
};
const UNSUPPORTED_BINARY: Readonly<Record<string, string>> = { TrimUpper: '</', TrimLower: '>/' };
const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1, and: 2, unless: 2, '==': 3, '!=': 3, '>': 3, '<': 3, '>=': 3, '<=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, atan2: 5, '^': 6,
};
const UNARY_OPERAND_PRECEDENCE = 6; // unary minus has MUL precedence: it takes ^ but not * into its operand

export interface OperatorHooks {
  matching(node: SyntaxNode): VectorMatching;
  atom(node: SyntaxNode): Expr;
  offset(inner: Expr, durationNode: SyntaxNode): Expr;
}

/** Flattens nested operator nodes of the lezer tree into tokens in text order. */
export function flatten(src: string, node: SyntaxNode, hooks: OperatorHooks, out: Token[] = []): Token[] {
  switch (node.name) {
    case 'BinaryExpr': {
      const parts = children(node);
      const opName = (parts[1] as SyntaxNode).name;
      if (opName in UNSUPPORTED_BINARY) throw new PromqlUnsupportedError(`operator ${UNSUPPORTED_BINARY[opName]}`);
      const op = BINARY_OPS[opName];
      if (!op) throw new PromqlParseError(`parse error: unexpected operator "${nodeText(src, parts[1] as SyntaxNode)}"`);
      let returnBool = false;
      let matching: VectorMatching = { card: 'one-to-one', matchingLabels: [], on: false, include: [] };
      for (const m of parts.slice(2, -1)) {
        if (m.name === 'BoolModifier') returnBool = true;
        else if (m.name === 'MatchingModifierClause') matching = hooks.matching(m);
        else if (m.name === 'FillModifier') throw new PromqlUnsupportedError('fill modifier', nodeText(src, m));
      }
      flatten(src, parts[0] as SyntaxNode, hooks, out);
      out.push({ t: 'op', op, returnBool, matching });
      return flatten(src, parts[parts.length - 1] as SyntaxNode, hooks, out);
    }
    case 'OffsetExpr': {
      const parts = children(node);
      flatten(src, parts[0] as SyntaxNode, hooks, out);
      out.push({ t: 'offset', node: parts[parts.length - 1] as SyntaxNode });
      return out;
    }
    case 'UnaryExpr': {
      const [opNode, operand] = children(node) as [SyntaxNode, SyntaxNode];
      out.push({ t: 'prefix', op: nodeText(src, opNode) as '+' | '-' });
      return flatten(src, operand, hooks, out);
    }
    case 'NumberDurationLiteral': {
      const lit = numberLiteral(nodeText(src, node));
      if (lit.sign !== '') out.push({ t: 'prefix', op: lit.sign });
      out.push({ t: 'number', value: lit.sign === '-' ? -lit.value : lit.value });
      return out;
    }
    default:
      out.push({ t: 'atom', node });
      return out;
  }
}

/** Precedence climbing over the flattened tokens. */
export class OperatorParser {
  private i = 0;

  constructor(private readonly tokens: readonly Token[], private readonly hooks: OperatorHooks) {}

  parse(): Expr {
    const e = this.expr(1);
    if (this.i !== this.tokens.length) throw new PromqlParseError('parse error: unexpected operator');
    return e;
  }

  private expr(minPrec: number): Expr {
    let lhs = this.unary();
    for (;;) {
      const tok = this.tokens[this.i];
      if (tok?.t !== 'op' || PRECEDENCE[tok.op] < minPrec) return lhs;
      this.i++;
      const prec = PRECEDENCE[tok.op];
      const rhs = this.expr(tok.op === '^' ? prec : prec + 1);
      lhs = { kind: 'binary', op: tok.op, lhs, rhs, returnBool: tok.returnBool, matching: tok.matching };
    }
  }

  private unary(): Expr {
    const tok = this.tokens[this.i];
    if (tok?.t === 'prefix') {
      this.i++;
      const operand = this.expr(UNARY_OPERAND_PRECEDENCE);
      if (operand.kind === 'number') return tok.op === '-' ? { kind: 'number', value: -operand.value } : operand;
      return { kind: 'unary', op: tok.op, expr: operand };
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const tok = this.tokens[this.i++];
    if (tok?.t === 'number') return { kind: 'number', value: tok.value };
    if (tok?.t === 'atom') return this.hooks.atom(tok.node);
    throw new PromqlParseError('parse error: unexpected end of input');
  }

  private postfix(e: Expr): Expr {
    let cur = e;
    while (this.tokens[this.i]?.t === 'offset') cur = this.hooks.offset(cur, (this.tokens[this.i++] as { node: SyntaxNode }).node);
    return cur;
  }
}
