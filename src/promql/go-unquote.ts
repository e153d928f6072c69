// PromQL string literals as Prometheus's lexer and `strutil.Unquote` read them: "…", '…' with Go escapes
// (\a \b \f \n \r \t \v \\ \<quote> \NNN \xHH \uHHHH \UHHHHHHHH) and raw `…`; bytes decoded as UTF-8.

export interface Unquoted {
  value: string;
  /** False when the escapes produced bytes that are not valid UTF-8 (Go would keep the raw bytes). */
  validUtf8: boolean;
}

const SIMPLE: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
const encoder = new TextEncoder();

function pushCodePoint(bytes: number[], cp: number): void {
  for (const b of encoder.encode(String.fromCodePoint(cp))) bytes.push(b);
}

/** Unquotes a literal including its quotes; throws an Error with the lexer's message when malformed. */
export function unquoteString(literal: string): Unquoted {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote || !(quote === '"' || quote === "'" || quote === '`')) {
    throw new Error(quote === '`' ? 'unterminated raw string' : 'unterminated quoted string');
  }
  const body = literal.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) throw new Error('unterminated raw string');
    return { value: body, validUtf8: true };
  }
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    if (ch === quote || ch === '\n') throw new Error('unterminated quoted string');
    if (ch !== '\\') {
      const cp = body.codePointAt(i) as number;
      pushCodePoint(bytes, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw new Error('escape sequence not terminated');
    if (e in SIMPLE) {
      bytes.push(SIMPLE[e] as number);
      i += 2;
      continue;
    }
    if (e === quote) {
      bytes.push(quote.charCodeAt(0));
      i += 2;
      continue;
    }
    const spec = /[0-7]/.test(e) ? { n: 3, base: 8, max: 255, skip: 1 } : { x: { n: 2, base: 16, max: 255, skip: 2 }, u: { n: 4, base: 16, max: 0x10ffff, skip: 2 }, U: { n: 8, base: 16, max: 0x10ffff, skip: 2 } }[e as 'x' | 'u' | 'U'];
    if (!spec) throw new Error(`unknown escape sequence U+${e.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`);
    const start = i + spec.skip;
    const digits = body.slice(start, start + spec.n);
    const pattern = spec.base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
    if (digits.length < spec.n) throw new Error('escape sequence not terminated');
    if (!pattern.test(digits)) throw new Error('illegal character in escape sequence');
    const x = parseInt(digits, spec.base);
    if (x > spec.max || (x >= 0xd800 && x < 0xe000)) throw new Error('escape sequence is an invalid Unicode code point');
    if (e === 'u' || e === 'U') pushCodePoint(bytes, x);
    else bytes.push(x);
    i = start + spec.n;
  }
  const raw = Uint8Array.from(bytes);
  let validUtf8 = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    validUtf8 = false;
  }
  return { value: new TextDecoder('utf-8').decode(raw), validUtf8 };
}
