// Decides mechanically whether a promqltest case is inside our subset (parse tree, native histogram data)
// and runs it: instant cases once, range cases as one instant evaluation per step (Prometheus's definition).
import { evaluateInstant, parsePromql, PromqlError, PromqlUnsupportedError, type ParsedPromql } from '../../src/promql/index.js';
import { compareResult, compareStep } from './compare-result.js';
import { selectorsOf } from './selectors-of.js';
import type { EvalCommand } from './test-file.js';
import type { TestStore } from './test-store.js';

/** `skip`: the case is not of the kind this runner checks (not counted). */
export type Outcome = { kind: 'ran'; error?: string } | { kind: 'out'; reason: string } | { kind: 'skip' };

function touchesNativeHistograms(parsed: ParsedPromql, store: TestStore): boolean {
  const hist = store.histogramSeries();
  return selectorsOf(parsed.root).some((sel) => hist.some((labels) => sel.matchers.every((m) => m.matches(labels[m.name] ?? ''))));
}

function checkFailure(cmd: EvalCommand, error: unknown): string | undefined {
  if (!(error instanceof PromqlError)) return `unexpected non-PromQL error: ${String(error)}`;
  if (cmd.failMessage !== undefined && error.message !== cmd.failMessage) return `expected error ${JSON.stringify(cmd.failMessage)}, got ${JSON.stringify(error.message)}`;
  if (cmd.failRegex && !cmd.failRegex.test(error.message)) return `expected error matching ${cmd.failRegex}, got ${JSON.stringify(error.message)}`;
  return undefined;
}

/** Parses the case's expression, or says why it is outside the subset. */
function classify(cmd: EvalCommand, store: TestStore): ParsedPromql | Exclude<Outcome, { kind: 'skip' }> {
  try {
    const parsed = parsePromql(cmd.expr);
    return touchesNativeHistograms(parsed, store) ? { kind: 'out', reason: 'native histogram data' } : parsed;
  } catch (error) {
    if (error instanceof PromqlUnsupportedError) return { kind: 'out', reason: error.feature };
    // Upstream's test parser accepted every expression of these files, so a parse error is our bug.
    return { kind: 'ran', error: `parse failed: ${(error as Error).message}` };
  }
}

/** Evaluates at every time; the first evaluation error ends the run. */
function evaluateAll(cmd: EvalCommand, parsed: ParsedPromql, store: TestStore, times: number[], check: (r: ReturnType<typeof evaluateInstant>, step: number) => string | undefined): Outcome {
  const series = store.floatSeries();
  for (const [step, t] of times.entries()) {
    let result;
    try {
      result = evaluateInstant(parsed, series, t);
    } catch (error) {
      if (error instanceof PromqlUnsupportedError) return { kind: 'out', reason: error.feature };
      return { kind: 'ran', error: cmd.fail ? checkFailure(cmd, error) : `evaluation failed at ${t} ms: ${(error as Error).message}` };
    }
    if (!cmd.fail) {
      const error = check(result, step);
      if (error) return { kind: 'ran', error: `at ${t} ms: ${error}` };
    }
  }
  return { kind: 'ran', error: cmd.fail ? 'expected an error, got a result' : undefined };
}

/** An `eval instant` case; `eval range` cases are outside the subset here. */
export function runInstantCase(cmd: EvalCommand, store: TestStore): Outcome {
  if (cmd.range) return { kind: 'out', reason: 'eval range' };
  const parsed = classify(cmd, store);
  if ('kind' in parsed) return parsed;
  return evaluateAll(cmd, parsed, store, [cmd.atMs], (r) => compareResult(cmd, r));
}

/** An `eval range` case checked as one instant evaluation per step. */
export function runRangeCaseAsSteps(cmd: EvalCommand, store: TestStore): Outcome {
  const range = cmd.range;
  if (!range) return { kind: 'skip' };
  const parsed = classify(cmd, store);
  if ('kind' in parsed) return parsed;
  const times: number[] = [];
  for (let t = range.startMs; t <= range.endMs; t += range.stepMs) times.push(t);
  return evaluateAll(cmd, parsed, store, times, (r, step) => compareStep(cmd, r, step));
}
