// Go number and duration parsing as Prometheus uses it: `strconv.ParseInt(s, 0, 64)` with a
// `strconv.ParseFloat` fallback for literals, `ParseFloat` for `le` labels, `model.ParseDuration`.

/** Go's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.startsWith('+') || s.startsWith('-')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes((s[1] as string).toLowerCase())) {
    i = 2;
    saw = '0';
    hex = (s[1] as string).toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const INT64_MAX = (1n << 63n) - 1n;

/** `strconv.ParseInt(s, 0, 64)`; undefined on syntax or range error. */
export function goParseInt(input: string): number | undefined {
  let s = input;
  let negative = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return undefined;
  let base = 10;
  let digits = s;
  if (s[0] === '0' && s.length > 1) {
    const p = (s[1] as string).toLowerCase();
    if (p === 'x') [base, digits] = [16, s.slice(2)];
    else if (p === 'o') [base, digits] = [8, s.slice(2)];
    else if (p === 'b') [base, digits] = [2, s.slice(2)];
    else [base, digits] = [8, s.slice(1)];
  }
  if (s.includes('_') && !underscoreOK(s)) return undefined;
  digits = digits.replace(/_/g, '');
  if (digits === '') return undefined;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base as 2 | 8 | 10 | 16];
  if (!valid.test(digits)) return undefined;
  const prefix = { 2: '0b', 8: '0o', 10: '', 16: '0x' }[base as 2 | 8 | 10 | 16];
  let n = BigInt(prefix + digits);
  if (negative) n = -n;
  if (n > INT64_MAX || n < -INT64_MAX - 1n) return undefined;
  return Number(n);
}

const DECIMAL = /^[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;

function special(s: string): number | undefined {
  const lower = s.toLowerCase();
  if (lower === 'nan') return NaN;
  const body = lower.startsWith('+') || lower.startsWith('-') ? lower.slice(1) : lower;
  if (body === 'inf' || body === 'infinity') return lower.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

function hexFloat(m: RegExpExecArray): number | undefined {
  const [, sign, intPart = '', frac = '', exp = '0'] = m;
  const mant = (intPart + frac).replace(/_/g, '');
  if (mant === '') return undefined;
  let value = 0;
  for (const c of mant) value = value * 16 + parseInt(c, 16);
  value *= 2 ** (Number(exp.replace(/_/g, '')) - 4 * frac.replace(/_/g, '').length);
  return sign === '-' ? -value : value;
}

/** `strconv.ParseFloat(s, 64)`; undefined on syntax error or overflow (Go's ErrRange). */
export function goParseFloat(s: string): number | undefined {
  const sp = special(s);
  if (sp !== undefined) return sp;
  if (s.includes('_') && !underscoreOK(s)) return undefined;
  let value: number | undefined;
  const hex = HEX_FLOAT.exec(s);
  if (hex) value = hexFloat(hex);
  else if (DECIMAL.test(s) && /[0-9]/.test(s)) value = Number(s.replace(/_/g, ''));
  if (value === undefined || Number.isNaN(value) || !Number.isFinite(value)) return undefined;
  return value;
}

/** Prometheus `parser.number`: ParseInt(base 0) then ParseFloat; undefined when both fail. */
export function parseNumberLiteral(s: string): number | undefined {
  return goParseInt(s) ?? goParseFloat(s);
}

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 24 * 3600 * 1000],
  ['w', 7 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
];
const MAX_DURATION_MS = 9223372036854; // time.Duration holds int64 nanoseconds.

/** `model.ParseDuration` in milliseconds; throws an Error with Go's message on failure. */
export function parseDurationMs(s: string): number {
  if (s === '0') return 0;
  if (s === '') throw new Error('empty duration string');
  let rest = s;
  let total = 0;
  let lastPos = -1;
  while (rest !== '') {
    const m = /^([0-9]+)([^0-9]*)/.exec(rest);
    if (!m || m[2] === '') throw new Error(`not a valid duration string: "${s}"`);
    const pos = UNITS.findIndex(([u]) => u === m[2]);
    if (pos < 0) throw new Error(`unknown unit "${m[2]}" in duration "${s}"`);
    if (pos <= lastPos) throw new Error(`not a valid duration string: "${s}"`);
    lastPos = pos;
    total += Number(m[1]) * (UNITS[pos] as readonly [string, number])[1];
    if (total > MAX_DURATION_MS) throw new Error('duration out of range');
    rest = rest.slice(m[0].length);
  }
  return total;
}
