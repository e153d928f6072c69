// `slimfaas promql eval '<expr>' --series <file.json> [--at <time>] [--text]`: one instant query over series from
// a JSON file, result printed as one JSON line (exit 0); usage/parse/unsupported errors exit 2, evaluation errors 1.
import { readFileSync } from 'node:fs';
import { evaluateInstant, formatGoFloat, PromqlEvalError, PromqlError, type InstantResult, type SeriesInput } from '../promql/index.js';

export const PROMQL_USAGE =
  "usage: slimfaas promql eval '<expr>' --series <file.json> [--at <RFC 3339 time | unix seconds>] [--text]\n" +
  '  <file.json>: [{"labels": {"__name__": "x", ...}, "samples": [[<unix ms>, <value>], ...]}, ...]\n' +
  '  values are numbers, null (staleness marker) or "NaN", "+Inf", "-Inf"; --at defaults to now.\n' +
  '  Output: one JSON line in the Prometheus HTTP API format ({"resultType": ..., "result": ...});\n' +
  '  --text prints one readable line per sample instead.';

interface Writable {
  write(chunk: string): unknown;
}

export interface PromqlEvalIo {
  stdout: Writable;
  stderr: Writable;
}

class UsageError extends Error {}

interface Args {
  expr: string;
  seriesFile: string;
  atMs: number;
  text: boolean;
}

/** Parses `--at`: unix seconds (decimals allowed) or an RFC 3339 timestamp. */
export function parseAt(value: string): number {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return Math.round(Number(value) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new UsageError(`--at must be an RFC 3339 time or unix seconds, got ${JSON.stringify(value)}`);
  }
  const ms = Date.parse(value.replace(' ', 'T'));
  if (!Number.isFinite(ms)) throw new UsageError(`invalid --at time ${JSON.stringify(value)}`);
  return ms;
}

function parseArgs(argv: readonly string[], now: () => number): Args {
  if (argv[0] !== 'eval') throw new UsageError(argv.length === 0 ? 'missing command' : `unknown command ${JSON.stringify(argv[0])}`);
  let expr: string | undefined;
  let seriesFile: string | undefined;
  let at: number | undefined;
  let text = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    const flag = /^--(series|at)(?:=(.*))?$/s.exec(a);
    if (flag) {
      const value = flag[2] ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${flag[1]} needs a value`);
      if (flag[1] === 'series') seriesFile = value;
      else at = parseAt(value);
    } else if (a === '--text') text = true;
    else if (a.startsWith('--') && a.length > 2) throw new UsageError(`unknown option ${a}`);
    else if (expr === undefined) expr = a;
    else throw new UsageError(`unexpected argument ${JSON.stringify(a)}`);
  }
  if (expr === undefined) throw new UsageError('missing expression');
  if (seriesFile === undefined) throw new UsageError('missing --series <file.json>');
  return { expr, seriesFile, atMs: at ?? now(), text };
}

const SPECIAL: Readonly<Record<string, number>> = { NaN: NaN, '+Inf': Infinity, Inf: Infinity, '-Inf': -Infinity };

/** Reads the series file: the library's array form, plus "NaN"/"+Inf"/"-Inf" strings for values. */
export function readSeriesFile(path: string): SeriesInput[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read --series ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new UsageError(`--series ${path} must hold a JSON array of series`);
  return raw.map((s: { labels?: unknown; samples?: unknown }, i) => {
    if (typeof s !== 'object' || s === null || !Array.isArray(s.samples)) throw new UsageError(`series[${i}] must be {"labels": {...}, "samples": [[ms, value], ...]}`);
    const samples = s.samples.map((p: unknown) => {
      if (Array.isArray(p) && typeof p[1] === 'string' && p[1] in SPECIAL) return [p[0], SPECIAL[p[1]]];
      return p;
    });
    return { labels: s.labels, samples } as SeriesInput;
  });
}

function formatLabelSet(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

function render(result: InstantResult, atMs: number, text: boolean): string {
  const ts = atMs / 1000;
  if (text) {
    if (result.resultType === 'scalar') return `scalar ${formatGoFloat(result.value)}\n`;
    if (result.samples.length === 0) return '(empty vector)\n';
    return result.samples.map((s) => `${formatLabelSet(s.labels)} ${formatGoFloat(s.value)}\n`).join('');
  }
  const body =
    result.resultType === 'scalar'
      ? { resultType: 'scalar', result: [ts, formatGoFloat(result.value)] }
      : { resultType: 'vector', result: result.samples.map((s) => ({ metric: s.labels, value: [ts, formatGoFloat(s.value)] })) };
  return `${JSON.stringify(body)}\n`;
}

/** `argv`: the arguments after `promql` (starting with `eval`). Resolves to the exit code. */
export async function runPromqlEval(argv: string[], io: PromqlEvalIo = { stdout: process.stdout, stderr: process.stderr }, now: () => number = Date.now): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${PROMQL_USAGE}\n`);
    return 0;
  }
  try {
    const args = parseArgs(argv, now);
    const result = evaluateInstant(args.expr, readSeriesFile(args.seriesFile), args.atMs);
    io.stdout.write(render(result, args.atMs, args.text));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`slimfaas promql: ${error.message}\n${PROMQL_USAGE}\n`);
      return 2;
    }
    if (error instanceof PromqlError || error instanceof TypeError) {
      io.stderr.write(`slimfaas promql: ${error.message}\n`);
      return error instanceof PromqlEvalError ? 1 : 2;
    }
    io.stderr.write(`slimfaas promql: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
