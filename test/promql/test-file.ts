// Parses Prometheus's promqltest `.test` scripts (promql/promqltest/test.go): load / load_with_nhcb, clear,
// eval instant|range with expected samples, scalars, strings and `expect` lines (fail, ordered, warn, ...).
import { goParseFloat, goParseInt, parseDurationMs } from '../../src/promql/go-strconv.js';
import { parseSeriesDescription, type SequenceValue } from './series-notation.js';

export interface LoadCommand {
  kind: 'load';
  intervalMs: number;
  withNhcb: boolean;
  series: Array<{ labels: Record<string, string>; values: SequenceValue[] }>;
}

export interface ExpectedSample {
  labels: Record<string, string>;
  /** The value of an instant query (the first of `values`). */
  value: SequenceValue;
  /** One value per step for range queries. */
  values: SequenceValue[];
  /** 1-based position among the expected lines (for ordered results). */
  pos: number;
}

export interface RangeSpec {
  startMs: number;
  endMs: number;
  stepMs: number;
}

export interface EvalCommand {
  kind: 'eval';
  line: number;
  expr: string;
  range: RangeSpec | undefined;
  atMs: number;
  fail: boolean;
  failMessage?: string;
  failRegex?: RegExp;
  ordered: boolean;
  expectedScalar?: number;
  expected: ExpectedSample[];
  /** Results that are not instant vectors or scalars (`expect string`, `expect range vector`). */
  nonVectorExpectation: boolean;
}

export type Command = LoadCommand | { kind: 'clear' } | EvalCommand;

const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;

/** promqltest's parseNumber: Go `strconv.ParseInt(s, 0, 64)`, else `ParseFloat`. */
function parseNumber(s: string): number | undefined {
  return goParseInt(s) ?? goParseFloat(s);
}

function parseLoad(lines: string[], i: number): [number, LoadCommand] {
  const m = /^load(?:_(with_nhcb))?\s+(.+?)$/.exec(lines[i] as string);
  if (!m) throw new Error(`line ${i + 1}: invalid load command`);
  const cmd: LoadCommand = { kind: 'load', intervalMs: parseDurationMs(m[2] as string), withNhcb: m[1] !== undefined, series: [] };
  while (i + 1 < lines.length && lines[i + 1] !== '') {
    i++;
    cmd.series.push(parseSeriesDescription(lines[i] as string));
  }
  return [i, cmd];
}

function applyExpectLine(cmd: EvalCommand, line: string): void {
  const m = EXPECT.exec(line.trim());
  if (!m) throw new Error(`invalid expect line: ${line}`);
  if (m[1] === 'ordered') cmd.ordered = true;
  if (m[1] !== 'fail') return;
  cmd.fail = true;
  if (m[2] === 'msg') cmd.failMessage = (m[3] as string).trim();
  if (m[2] === 'regex') cmd.failRegex = new RegExp((m[3] as string).trim());
}

function parseEval(lines: string[], i: number): [number, EvalCommand] {
  const text = lines[i] as string;
  const inst = EVAL_INSTANT.exec(text);
  const range = EVAL_RANGE.exec(text);
  if (!inst && !range) throw new Error(`line ${i + 1}: invalid eval command`);
  const mod = inst ? inst[1] : range?.[1];
  const cmd: EvalCommand = {
    kind: 'eval', line: i + 1, expr: (inst ? inst[3] : range?.[5]) as string,
    range: range ? { startMs: parseDurationMs(range[2] as string), endMs: parseDurationMs(range[3] as string), stepMs: parseDurationMs(range[4] as string) } : undefined,
    atMs: inst ? parseDurationMs(inst[2] ?? '0') : 0,
    fail: mod === 'fail', ordered: mod === 'ordered', expected: [], nonVectorExpectation: false,
  };
  for (let j = 1; i + 1 < lines.length; j++) {
    const def = lines[i + 1] as string;
    if (def === '') break;
    i++;
    if (cmd.fail && def.startsWith('expected_fail_message')) {
      cmd.failMessage = def.slice('expected_fail_message'.length).trim();
      break;
    }
    if (cmd.fail && def.startsWith('expected_fail_regexp')) {
      cmd.failRegex = new RegExp(def.slice('expected_fail_regexp'.length).trim());
      break;
    }
    if (def.startsWith('expect range vector') || def.startsWith('expect string')) {
      cmd.nonVectorExpectation = true;
      continue;
    }
    if (def.split(' ')[0] === 'expect') {
      applyExpectLine(cmd, def);
      j--;
      continue;
    }
    const n = parseNumber(def);
    if (n !== undefined) {
      cmd.expectedScalar = n;
      break;
    }
    const series = parseSeriesDescription(def);
    cmd.expected.push({ labels: series.labels, value: series.values[0] ?? 'omitted', values: series.values, pos: j });
  }
  return [i, cmd];
}

/** Parses a whole `.test` file (comments and surrounding spaces removed as upstream's getLines does). */
export function parseTestFile(content: string): Command[] {
  const lines = content.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
  const cmds: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l === '') continue;
    const word = (l.split(/[\t ]+/)[0] as string).toLowerCase();
    if (word === 'clear') cmds.push({ kind: 'clear' });
    else if (word.startsWith('load')) {
      const [next, cmd] = parseLoad(lines, i);
      i = next;
      cmds.push(cmd);
    } else if (word.startsWith('eval')) {
      const [next, cmd] = parseEval(lines, i);
      i = next;
      cmds.push(cmd);
    } else throw new Error(`line ${i + 1}: invalid command ${JSON.stringify(l)}`);
  }
  return cmds;
}
