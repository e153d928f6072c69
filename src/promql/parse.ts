// `parsePromql`: parses and type-checks an expression once into a reusable form (lezer-promql grammar,
// Prometheus's rules), and `metricNamesOf` lists the metric names it selects (null = any metric).
import type { Tree } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { type Expr, valueTypeOf } from './ast.js';
import { checkExpr } from './check.js';
import { PromqlParseError, PromqlUnsupportedError } from './errors.js';
import { compileAnchoredRe2, fixedMetricName, type CompiledRegex, type LabelMatcher } from './matchers.js';
import { TreeBuilder } from './parse-build.js';
import { normalizeSource } from './parse-source.js';
import { firstChild } from './syntax-nodes.js';
import { RegexSyntaxError } from './regex-translate.js';

/** A parsed, checked expression; evaluate it any number of times. */
export interface ParsedPromql {
  readonly source: string;
  readonly root: Expr;
  readonly resultType: 'scalar' | 'vector';
  /** label_replace() regexes by pattern: compiled, or the RE2 syntax error Prometheus reports at evaluation. */
  readonly labelReplaceRegexes: ReadonlyMap<string, CompiledRegex | RegexSyntaxError>;
}

function syntaxError(src: string, tree: Tree): PromqlParseError | undefined {
  let found: PromqlParseError | undefined;
  tree.iterate({
    enter(node) {
      if (found || !node.type.isError) return found ? false : undefined;
      const near = src.slice(node.from, node.from + 20);
      found = new PromqlParseError(near === '' ? `parse error at char ${node.from + 1}: unexpected end of input` : `parse error at char ${node.from + 1}: unexpected "${near}"`);
      return false;
    },
  });
  return found;
}

function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'matrixSelector':
      walk(e.selector, visit);
      break;
    case 'paren':
    case 'unary':
      walk(e.expr, visit);
      break;
    case 'binary':
      walk(e.lhs, visit);
      walk(e.rhs, visit);
      break;
    case 'aggregate':
      if (e.param) walk(e.param, visit);
      walk(e.expr, visit);
      break;
    case 'call':
      for (const a of e.args) walk(a, visit);
      break;
    default:
  }
}

function labelReplaceRegexes(root: Expr): Map<string, CompiledRegex | RegexSyntaxError> {
  const out = new Map<string, CompiledRegex | RegexSyntaxError>();
  walk(root, (e) => {
    if (e.kind !== 'call' || e.func.name !== 'label_replace') return;
    const arg = e.args[4];
    if (arg?.kind !== 'string' || out.has(arg.value)) return;
    try {
      out.set(arg.value, compileAnchoredRe2(arg.value));
    } catch (error) {
      if (!(error instanceof RegexSyntaxError)) throw error;
      out.set(arg.value, error);
    }
  });
  return out;
}

/** Parses `source`; throws PromqlParseError (invalid PromQL) or PromqlUnsupportedError (outside our subset). */
export function parsePromql(source: string): ParsedPromql {
  if (typeof source !== 'string') throw new PromqlParseError('parse error: expression must be a string');
  if (source.trim() === '') throw new PromqlParseError('parse error: no expression found in input');
  const { text, code } = normalizeSource(source);
  const tree = parser.parse(text);
  const err = syntaxError(text, tree);
  if (err) {
    // Experimental functions Prometheus accepts that lezer-promql only knows inside durations.
    const experimental = /\b(min_of|max_of)\s*\(/.exec(code);
    if (experimental) throw new PromqlUnsupportedError(`function ${experimental[1]}`);
    throw err;
  }
  const top = firstChild(tree.topNode);
  if (!top) throw new PromqlParseError('parse error: no expression found in input');
  const root = checkExpr(new TreeBuilder(text).build(top));
  const type = valueTypeOf(root);
  if (type === 'string') throw new PromqlUnsupportedError('string result', 'a string literal cannot be the result of a query here');
  if (type === 'matrix') throw new PromqlUnsupportedError('range vector result', 'wrap the range selector in a function such as rate()');
  return { source, root, resultType: type, labelReplaceRegexes: labelReplaceRegexes(root) };
}

const LITERAL_ALTERNATION = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\|[a-zA-Z_:][a-zA-Z0-9_:]*)*$/;

/** Names a selector can match: `__name__="x"`, or `__name__=~"x|y"` made of plain names only. */
function fixedNames(matchers: readonly LabelMatcher[]): string[] | undefined {
  const name = fixedMetricName(matchers);
  if (name !== undefined) return [name];
  const re = matchers.find((m) => m.name === '__name__' && m.type === '=~' && LITERAL_ALTERNATION.test(m.value));
  return re?.value.split('|');
}

/**
 * Metric names the expression selects, sorted and unique; null when some selector has no fixed metric
 * name (e.g. `{job="x"}` or `{__name__=~"x.*"}`), meaning every metric may be needed.
 */
export function metricNamesOf(parsed: ParsedPromql): string[] | null {
  const names = new Set<string>();
  let all = false;
  walk(parsed.root, (e) => {
    if (e.kind !== 'vectorSelector') return;
    const fixed = fixedNames(e.matchers);
    if (fixed === undefined) all = true;
    else for (const n of fixed) names.add(n);
  });
  return all ? null : [...names].sort();
}
