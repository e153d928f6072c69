// Runs Prometheus's own PromQL test files against evaluateInstant: every `eval instant` case inside our
// subset must give Prometheus's answer (or fail when expected to); cases outside are counted, not run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInstantCase, runRangeCaseAsSteps, type Outcome } from './case-runner.js';
import { parseTestFile, type EvalCommand } from './test-file.js';
import { TestStore } from './test-store.js';

/** Prometheus's promqltest files (override with PROMQLTEST_DIR). */
const CONFORMANCE_DIR = process.env.PROMQLTEST_DIR ?? join(import.meta.dirname, 'testdata');

const files = readdirSync(CONFORMANCE_DIR).filter((f) => f.endsWith('.test')).sort();

interface Tally {
  ran: number;
  out: number;
  reasons: Map<string, number>;
}

function suite(label: string, run: (cmd: EvalCommand, store: TestStore) => Outcome): void {
  const totals: Tally = { ran: 0, out: 0, reasons: new Map() };
  for (const file of files) {
    test(`${label} ${file}`, async (t) => {
      let store = new TestStore();
      let ran = 0;
      let out = 0;
      for (const cmd of parseTestFile(readFileSync(join(CONFORMANCE_DIR, file), 'utf8'))) {
        if (cmd.kind === 'clear') store = new TestStore();
        else if (cmd.kind === 'load') store.load(cmd);
        else {
          const outcome = run(cmd, store);
          if (outcome.kind === 'skip') continue;
          if (outcome.kind === 'out') {
            out++;
            totals.reasons.set(outcome.reason, (totals.reasons.get(outcome.reason) ?? 0) + 1);
            continue;
          }
          ran++;
          await t.test(`line ${cmd.line}: ${cmd.expr}`, () => assert.equal(outcome.error, undefined, outcome.error));
        }
      }
      totals.ran += ran;
      totals.out += out;
      console.log(`${label} ${file}: ${ran} ran, ${out} out of subset`);
    });
  }
  test(`${label} totals`, () => {
    const why = [...totals.reasons.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}: ${n}`).join('; ');
    console.log(`${label} total: ${totals.ran} ran, ${totals.out} out of subset (${why})`);
    assert.ok(totals.ran > 0);
  });
}

suite('promqltest', runInstantCase);
// Not required by the subset, but a range query is by definition one instant evaluation per step: a
// second check of the same engine on the `eval range` cases (instant cases are not repeated here).
suite('promqltest range-as-steps', runRangeCaseAsSteps);
