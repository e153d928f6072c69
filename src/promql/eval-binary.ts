// Binary operators on instant vectors with Prometheus's vector matching: one-to-one, group_left/right,
// set operators, result labels, and the "many-to-many matching not allowed" family of errors.
import type { BinaryOp, VectorMatching } from './ast.js';
import { arithmetic, changesMetricSchema, compare, isComparison } from './binary-ops.js';
import { PromqlEvalError } from './errors.js';
import { dropLabels, dropMetadata, formatLabels, getLabel, keepLabels, labelsKey, labelsKeyFor, setLabel, type Labels } from './labels.js';
import type { Sample } from './values.js';

function elem(op: BinaryOp, l: number, r: number): { value: number; keep: boolean } {
  if (isComparison(op)) return { value: l, keep: compare(op, l, r) };
  return { value: arithmetic(op, l, r), keep: true };
}

/** The join signature of a sample's labels under the matching clause. */
function signer(matching: VectorMatching): (labels: Labels) => string {
  if (matching.on) {
    const names = new Set(matching.matchingLabels);
    return (labels) => labelsKeyFor(labels, names, true);
  }
  const names = new Set([...matching.matchingLabels, '__name__']);
  return (labels) => labelsKeyFor(labels, names, false);
}

/** Prometheus `Labels.MatchLabels`: the labels that take part in matching. */
function matchLabels(labels: Labels, matching: VectorMatching): Labels {
  if (matching.on) return keepLabels(labels, new Set(matching.matchingLabels));
  return dropLabels(labels, new Set([...matching.matchingLabels, '__name__']));
}

function resultMetric(lhs: Labels, rhs: Labels, op: BinaryOp, matching: VectorMatching): Labels {
  let labels = changesMetricSchema(op) ? dropMetadata(lhs) : lhs;
  if (matching.card === 'one-to-one') {
    const names = new Set(matching.matchingLabels);
    labels = matching.on ? keepLabels(labels, names) : dropLabels(labels, names);
  }
  for (const name of matching.include) labels = setLabel(labels, name, getLabel(rhs, name));
  return labels;
}

/** Vector op vector for arithmetic and comparison operators. */
export function vectorBinop(op: BinaryOp, lhsIn: readonly Sample[], rhsIn: readonly Sample[], matching: VectorMatching, returnBool: boolean): Sample[] {
  if (lhsIn.length === 0 || rhsIn.length === 0) return [];
  const oneToMany = matching.card === 'one-to-many';
  const [lhs, rhs] = oneToMany ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const sig = signer(matching);
  const right = new Map<string, Sample>();
  for (const rs of rhs) {
    const key = sig(rs.labels);
    const dup = right.get(key);
    if (dup) {
      const [a, b] = [formatLabels(rs.labels), formatLabels(dup.labels)].sort();
      throw new PromqlEvalError(
        `found duplicate series for the match group ${formatLabels(matchLabels(rs.labels, matching))} on the ${oneToMany ? 'left' : 'right'} hand-side of the operation: [${a}, ${b}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    right.set(key, rs);
  }
  const matchedOne = new Set<string>();
  const matchedMany = new Map<string, Set<string>>();
  const out: Sample[] = [];
  for (const ls of lhs) {
    const key = sig(ls.labels);
    const rs = right.get(key);
    if (!rs) continue;
    const [fl, fr] = oneToMany ? [rs.value, ls.value] : [ls.value, rs.value];
    let { value, keep } = elem(op, fl, fr);
    if (returnBool) value = keep ? 1 : 0;
    const metric = resultMetric(ls.labels, rs.labels, op, matching);
    if (matching.card === 'one-to-one') {
      if (matchedOne.has(key)) throw new PromqlEvalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      matchedOne.add(key);
    } else {
      let inserted = matchedMany.get(key);
      if (!inserted) matchedMany.set(key, (inserted = new Set()));
      const metricKey = labelsKey(metric);
      if (inserted.has(metricKey)) throw new PromqlEvalError('multiple matches for labels: grouping labels must ensure unique matches');
      inserted.add(metricKey);
    }
    if (!keep && !returnBool) continue;
    out.push({ labels: metric, value, dropName: returnBool });
  }
  return out;
}

/** Vector op scalar (swap: the scalar is the left operand). */
export function vectorScalarBinop(op: BinaryOp, vec: readonly Sample[], scalar: number, swap: boolean, returnBool: boolean): Sample[] {
  const out: Sample[] = [];
  for (const s of vec) {
    const [l, r] = swap ? [scalar, s.value] : [s.value, scalar];
    let { value, keep } = elem(op, l, r);
    if (isComparison(op) && swap) value = r; // a filter keeps the vector's value
    if (returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    out.push({ labels: s.labels, value, dropName: changesMetricSchema(op) || returnBool ? true : s.dropName });
  }
  return out;
}

/** and / or / unless. */
export function setBinop(op: 'and' | 'or' | 'unless', lhs: readonly Sample[], rhs: readonly Sample[], matching: VectorMatching): Sample[] {
  const sig = signer(matching);
  if (op === 'and') {
    if (lhs.length === 0 || rhs.length === 0) return [];
    const right = new Set(rhs.map((s) => sig(s.labels)));
    return lhs.filter((s) => right.has(sig(s.labels)));
  }
  if (op === 'unless') {
    if (lhs.length === 0 || rhs.length === 0) return [...lhs];
    const right = new Set(rhs.map((s) => sig(s.labels)));
    return lhs.filter((s) => !right.has(sig(s.labels)));
  }
  if (lhs.length === 0) return [...rhs];
  if (rhs.length === 0) return [...lhs];
  const left = new Set(lhs.map((s) => sig(s.labels)));
  return [...lhs, ...rhs.filter((s) => !left.has(sig(s.labels)))];
}
