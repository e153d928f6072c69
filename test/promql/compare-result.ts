// Compares results with promqltest expectations as promqltest's compareResult does: exact label sets,
// almost.Equal(1e-6 relative) values, order only for ordered cases; range expectations one step at a time.
import { almostEqual } from '../../src/promql/almost-equal.js';
import type { InstantResult } from '../../src/promql/index.js';
import type { EvalCommand } from './test-file.js';

const EPSILON = 0.000001;

function key(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).filter(([, v]) => v !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function show(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

/** Undefined when the result matches, else a description of the first difference. */
export function compareResult(cmd: EvalCommand, result: InstantResult): string | undefined {
  if (cmd.expectedScalar !== undefined) {
    if (result.resultType !== 'scalar') return `expected scalar ${cmd.expectedScalar}, got a vector of ${result.samples.length}`;
    return almostEqual(cmd.expectedScalar, result.value, EPSILON) ? undefined : `expected scalar ${cmd.expectedScalar} but got ${result.value}`;
  }
  if (result.resultType === 'scalar') return `expected vector result, but got scalar ${result.value}`;
  const expected = new Map(cmd.expected.map((e) => [key(e.labels), e]));
  const seen = new Set<string>();
  for (const [i, s] of result.samples.entries()) {
    const k = key(s.labels);
    const exp = expected.get(k);
    if (!exp) return `unexpected metric ${show(s.labels)} in result, has value ${s.value}`;
    if (cmd.ordered && exp.pos !== i + 1) return `expected metric ${show(s.labels)} at position ${exp.pos} but was at ${i + 1}`;
    if (typeof exp.value !== 'number') return `expected ${exp.value} for ${show(s.labels)} but got ${s.value}`;
    if (!almostEqual(exp.value, s.value, EPSILON)) return `expected ${exp.value} for ${show(s.labels)} but got ${s.value}`;
    seen.add(k);
  }
  for (const [k, e] of expected) if (!seen.has(k)) return `expected metric ${show(e.labels)} with ${String(e.value)} not found`;
  return undefined;
}

/** One step of a range expectation: the series with a value at that step, any order. */
export function compareStep(cmd: EvalCommand, result: InstantResult, step: number): string | undefined {
  const want = new Map<string, number>();
  for (const e of cmd.expected) {
    const v = e.values[step];
    if (typeof v === 'number') want.set(key(e.labels), v);
  }
  const got = result.resultType === 'scalar' ? [{ labels: {}, value: result.value }] : result.samples;
  for (const s of got) {
    const exp = want.get(key(s.labels));
    if (exp === undefined) return `unexpected metric ${show(s.labels)} with ${s.value}`;
    if (!almostEqual(exp, s.value, EPSILON)) return `expected ${exp} for ${show(s.labels)} but got ${s.value}`;
    want.delete(key(s.labels));
  }
  for (const [k, v] of want) return `expected metric ${k} with ${v} not found`;
  return undefined;
}
