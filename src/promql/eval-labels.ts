// Evaluation helpers around label-changing functions: label_replace/label_join argument checks and
// duplicate detection, and the label set absent()/absent_over_time() infer from equality matchers.
import type { Call, Expr, StringLiteral } from './ast.js';
import { PromqlEvalError } from './errors.js';
import { labelReplace, labelJoin } from './fn-labels.js';
import { labelsFromPairs, labelsKey, type Labels } from './labels.js';
import { RegexSyntaxError } from './regex-translate.js';
import type { EvalContext, Sample } from './values.js';

function str(e: Expr | undefined): StringLiteral {
  if (e?.kind !== 'string') throw new PromqlEvalError('expected a string literal argument');
  return e;
}

function validLabelName(s: StringLiteral): boolean {
  return s.value !== '' && s.validUtf8;
}

/** Prometheus mergeSeriesWithSameLabelset for one instant: equal label sets are an error. */
export function assertUniqueLabelSets(samples: readonly Sample[]): void {
  const seen = new Set<string>();
  for (const s of samples) {
    const key = labelsKey(s.labels);
    if (seen.has(key)) throw new PromqlEvalError('vector cannot contain metrics with the same labelset');
    seen.add(key);
  }
}

/** Checks label_replace's arguments (before its vector is evaluated, as upstream) and returns a runner. */
export function prepareLabelReplace(e: Call, ctx: EvalContext): (input: readonly Sample[]) => Sample[] {
  const [dst, repl, src, regexArg] = [str(e.args[1]), str(e.args[2]), str(e.args[3]), str(e.args[4])];
  const re = ctx.labelReplaceRegexes.get(regexArg.value);
  if (!re || re instanceof RegexSyntaxError) throw new PromqlEvalError(`invalid regular expression in label_replace(): ${regexArg.value}`);
  if (!validLabelName(dst)) throw new PromqlEvalError(`invalid destination label name in label_replace(): ${dst.value}`);
  return (input) => {
    const out = labelReplace(input, dst.value, repl.value, src.value, re);
    assertUniqueLabelSets(out);
    return out;
  };
}

export function prepareLabelJoin(e: Call): (input: readonly Sample[]) => Sample[] {
  const dst = str(e.args[1]);
  const sep = str(e.args[2]);
  const srcs = e.args.slice(3).map(str);
  for (const s of srcs) if (!validLabelName(s)) throw new PromqlEvalError(`invalid source label name in label_join(): ${s.value}`);
  if (!validLabelName(dst)) throw new PromqlEvalError(`invalid destination label name in label_join(): ${dst.value}`);
  return (input) => {
    const out = labelJoin(input, dst.value, sep.value, srcs.map((s) => s.value));
    assertUniqueLabelSets(out);
    return out;
  };
}

/** Labels for absent()/absent_over_time(): equality matchers used once; other matched names removed. */
export function absentLabels(arg: Expr | undefined): Labels {
  const sel = arg?.kind === 'vectorSelector' ? arg : arg?.kind === 'matrixSelector' ? arg.selector : undefined;
  if (!sel) return [];
  const pairs = new Map<string, string>();
  const has = new Set<string>();
  for (const m of sel.matchers) {
    if (m.name === '__name__') continue;
    if (m.type === '=' && !has.has(m.name)) {
      pairs.set(m.name, m.value);
      has.add(m.name);
    } else {
      pairs.delete(m.name);
    }
  }
  return labelsFromPairs(pairs);
}
