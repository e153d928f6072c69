// Source-level adjustments before lezer parsing, where lezer-promql's tokens are narrower than Prometheus's
// lexer: `1.` and `1.e3` (digits then a dot without fraction) become `1.0`, `1.0e3`; strings and comments kept.

export interface NormalizedSource {
  /** Text to hand to the lezer parser. */
  readonly text: string;
  /** The same text with string literals and comments blanked, for keyword scans. */
  readonly code: string;
}

const IDENT_CHAR = /[A-Za-z0-9_:.]/;

function skipString(src: string, i: number): number {
  const quote = src[i] as string;
  let j = i + 1;
  while (j < src.length && src[j] !== quote && !(quote !== '`' && src[j] === '\n')) j += quote !== '`' && src[j] === '\\' ? 2 : 1;
  return Math.min(j + 1, src.length);
}

export function normalizeSource(src: string): NormalizedSource {
  let text = '';
  let code = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '"' || c === "'" || c === '`' || c === '#') {
      const end = c === '#' ? (src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i)) : skipString(src, i);
      text += src.slice(i, end);
      code += ' '.repeat(end - i);
      i = end;
      continue;
    }
    if (/[0-9]/.test(c) && (i === 0 || !IDENT_CHAR.test(src[i - 1] as string))) {
      const m = /^(0[xX][0-9a-fA-F_]*|[0-9_]+(\.(?![0-9]))?)/.exec(src.slice(i)) as RegExpExecArray;
      const token = m[2] ? `${m[0]}0` : m[0];
      text += token;
      code += token;
      i += m[0].length;
      continue;
    }
    text += c;
    code += c;
    i++;
  }
  return { text, code };
}
