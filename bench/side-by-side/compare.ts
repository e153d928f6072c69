/** `node --import tsx bench/side-by-side/compare.ts <before.json> <after.json>`: change per figure, regressions above 10% flagged. */
import { readFileSync } from 'node:fs';
import { compare, type Change } from './stats.js';

export function printComparison(before: unknown, after: unknown): Change[] {
  const changes = compare(before, after);
  for (const c of changes) {
    const sign = c.changePct >= 0 ? '+' : '';
    console.log(`${c.regression ? 'REGRESSION ' : '           '}${c.figure.padEnd(48)} ${c.before.toFixed(3).padStart(12)} → ${c.after.toFixed(3).padStart(12)}  ${sign}${c.changePct.toFixed(1)}%`);
  }
  const bad = changes.filter((c) => c.regression).length;
  console.log(`${changes.length} figures compared, ${bad} regression(s) above 10%`);
  return changes;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [a, b] = process.argv.slice(2);
  if (!a || !b) { console.error('usage: compare.ts <before/results.json> <after/results.json>'); process.exit(2); }
  printComparison(JSON.parse(readFileSync(a, 'utf8')), JSON.parse(readFileSync(b, 'utf8')));
}
