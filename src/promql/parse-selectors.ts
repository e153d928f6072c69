// Builds vector and matrix selectors (matchers, metric name, range, offset) from the lezer tree with the
// checks of Prometheus's parser ("vector selector must contain at least one non-empty matcher", ...).
import type { SyntaxNode } from '@lezer/common';
import type { Expr, MatrixSelector, VectorSelector } from './ast.js';
import { PromqlParseError } from './errors.js';
import { newMatcher, type LabelMatcher, type MatchType } from './matchers.js';
import { durationSeconds, nodeText, secondsToMs, stringLiteral } from './parse-literals.js';
import { RegexSyntaxError } from './regex-translate.js';
import { children, firstChild } from './syntax-nodes.js';

function matcher(type: MatchType, name: string, value: string): LabelMatcher {
  try {
    return newMatcher(type, name, value);
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new PromqlParseError(`parse error: error parsing regexp: ${error.message}`);
    throw error;
  }
}

function matchOp(src: string, node: SyntaxNode): MatchType {
  return nodeText(src, node) as MatchType;
}

function labelMatcher(src: string, node: SyntaxNode): LabelMatcher {
  if (node.name === 'QuotedLabelName') {
    return matcher('=', '__name__', stringLiteral(nodeText(src, firstChild(node) as SyntaxNode)).value);
  }
  const [nameNode, opNode, valueNode] = children(node) as [SyntaxNode, SyntaxNode, SyntaxNode];
  const name = node.name === 'QuotedLabelMatcher' ? stringLiteral(nodeText(src, firstChild(nameNode) as SyntaxNode)).value : nodeText(src, nameNode);
  return matcher(matchOp(src, opNode), name, stringLiteral(nodeText(src, valueNode)).value);
}

export function buildVectorSelector(src: string, node: SyntaxNode): VectorSelector {
  let name: string | undefined;
  const matchers: LabelMatcher[] = [];
  for (const c of children(node)) {
    if (c.name === 'Identifier') name = nodeText(src, c);
    else if (c.name === 'LabelMatchers') for (const m of children(c)) matchers.push(labelMatcher(src, m));
  }
  if (name !== undefined) {
    if (matchers.some((m) => m.name === '__name__')) {
      const other = matchers.find((m) => m.name === '__name__') as LabelMatcher;
      throw new PromqlParseError(`parse error: metric name must not be set twice: "${name}" or "${other.value}"`);
    }
    matchers.push(matcher('=', '__name__', name));
  } else if (!matchers.some((m) => !m.matches(''))) {
    throw new PromqlParseError('parse error: vector selector must contain at least one non-empty matcher');
  }
  return { kind: 'vectorSelector', name, matchers, offsetMs: 0 };
}

export function buildMatrixSelector(src: string, inner: Expr, innerNode: SyntaxNode, rangeNode: SyntaxNode): MatrixSelector {
  if (inner.kind !== 'vectorSelector' || innerNode.name !== 'VectorSelector') {
    const offset = innerNode.name === 'OffsetExpr' && inner.kind === 'vectorSelector';
    throw new PromqlParseError(`parse error: ${offset ? 'no offset modifiers allowed before range' : 'ranges only allowed for vector selectors'}`);
  }
  const seconds = durationSeconds(src, rangeNode);
  if (!(seconds > 0)) throw new PromqlParseError('parse error: duration must be greater than 0');
  return { kind: 'matrixSelector', selector: inner, rangeMs: secondsToMs(seconds) };
}

export function applyOffset(src: string, inner: Expr, durationNode: SyntaxNode): Expr {
  const offsetMs = secondsToMs(durationSeconds(src, durationNode));
  if (inner.kind === 'vectorSelector') {
    if (inner.offsetMs !== 0) throw new PromqlParseError('parse error: offset may not be set multiple times');
    return { ...inner, offsetMs };
  }
  if (inner.kind === 'matrixSelector') {
    if (inner.selector.offsetMs !== 0) throw new PromqlParseError('parse error: offset may not be set multiple times');
    return { ...inner, selector: { ...inner.selector, offsetMs } };
  }
  throw new PromqlParseError('parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
}
