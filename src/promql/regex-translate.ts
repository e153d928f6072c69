// Translates an RE2 (Go regexp, Perl syntax) pattern into an equivalent JavaScript `u`-mode RegExp source,
// rejecting what RE2 rejects; flags (?imsU) are applied by rewriting, since Node 20 has no inline modifiers.
import { caseVariants, complement, escapeCodePoint, foldRanges, normalize, PERL_CLASSES, POSIX_CLASSES, rangesBody, type Range } from './regex-classes.js';

export class RegexSyntaxError extends Error {}

export interface TranslatedRegex {
  /** JavaScript source; compile with flags `su`. Matches the same strings as the RE2 pattern (unanchored). */
  source: string;
  /** Name of each capture group by index (index 0 unused), undefined for unnamed groups. */
  groupNames: Array<string | undefined>;
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

interface ClassItem {
  ranges: Range[];
  /** `\p{..}`/`\P{..}` escapes that must stay native inside a JS class. */
  native: string[];
}

const GENERAL_CATEGORIES = new Set('C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '));
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

class Translator {
  private pos = 0;
  readonly groupNames: Array<string | undefined> = [undefined];

  constructor(private readonly src: string) {}

  translate(): string {
    const out = this.alternation({ i: false, m: false, s: true, U: false }, 0);
    if (this.pos < this.src.length) throw new RegexSyntaxError(`unexpected ): \`${this.src}\``);
    return out;
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private codePointAt(): number {
    const cp = this.src.codePointAt(this.pos);
    if (cp === undefined) throw new RegexSyntaxError('unexpected end of pattern');
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  /** Alternatives until `)` (not consumed) or end. */
  private alternation(outer: Flags, depth: number): string {
    const flags = { ...outer };
    const alternatives: string[] = [this.sequence(flags, depth)];
    while (this.peek() === '|') {
      this.pos++;
      alternatives.push(this.sequence(flags, depth));
    }
    return alternatives.join('|');
  }

  private sequence(flags: Flags, depth: number): string {
    const atoms: string[] = [];
    let lastRepeated = false;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|') break;
      if (c === ')') {
        if (depth === 0) throw new RegexSyntaxError(`unexpected ): \`${this.src}\``);
        break;
      }
      if (c === '*' || c === '+' || c === '?' || (c === '{' && this.repeatAhead())) {
        const op = this.repeatOp(flags);
        if (atoms.length === 0) throw new RegexSyntaxError(`missing argument to repetition operator: \`${op}\``);
        if (lastRepeated) throw new RegexSyntaxError(`invalid nested repetition operator: \`${op}\``);
        atoms[atoms.length - 1] = `(?:${atoms[atoms.length - 1]})${op}`;
        lastRepeated = true;
        continue;
      }
      lastRepeated = false;
      if (c === '(' && this.peek(1) === '?' && this.flagGroupAhead()) {
        this.applyFlags(flags);
        continue;
      }
      atoms.push(this.atom(flags, depth));
    }
    return atoms.join('');
  }

  private repeatAhead(): boolean {
    return /^\{[0-9]+(,[0-9]*)?\}/.test(this.src.slice(this.pos));
  }

  private repeatOp(flags: Flags): string {
    let op: string;
    const c = this.peek() as string;
    if (c === '{') {
      const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(this.src.slice(this.pos)) as RegExpExecArray;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
      if (min > 1000 || (max !== undefined && (max > 1000 || max < min))) throw new RegexSyntaxError(`invalid repeat count: \`${m[0]}\``);
      op = m[0];
      this.pos += m[0].length;
    } else {
      op = c;
      this.pos++;
    }
    let lazy = false;
    if (this.peek() === '?') {
      lazy = true;
      this.pos++;
    }
    if (flags.U) lazy = !lazy;
    return lazy ? `${op}?` : op;
  }

  /** `(?flags)` without a colon: flags for the rest of the current group. */
  private flagGroupAhead(): boolean {
    return /^\(\?[imsU-]*\)/.test(this.src.slice(this.pos));
  }

  private parseFlags(text: string, flags: Flags): void {
    let negate = false;
    let sawFlag = false;
    for (const ch of text) {
      if (ch === '-') {
        if (negate) throw new RegexSyntaxError(`invalid or unsupported Perl syntax: \`(?${text}\``);
        negate = true;
        sawFlag = false;
        continue;
      }
      flags[ch as keyof Flags] = !negate;
      sawFlag = true;
    }
    if (text === '' || (negate && !sawFlag)) throw new RegexSyntaxError(`invalid or unsupported Perl syntax: \`(?${text}\``);
  }

  private applyFlags(flags: Flags): void {
    const m = /^\(\?([imsU-]*)\)/.exec(this.src.slice(this.pos)) as RegExpExecArray;
    this.parseFlags(m[1] as string, flags);
    this.pos += m[0].length;
  }

  private atom(flags: Flags, depth: number): string {
    const c = this.peek() as string;
    switch (c) {
      case '(':
        return this.group(flags, depth);
      case '[':
        return this.charClass(flags);
      case '.':
        this.pos++;
        return flags.s ? '[\\u{0}-\\u{10ffff}]' : '[^\\n]';
      case '^':
        this.pos++;
        return flags.m ? '(?:^|(?<=\\n))' : '(?:^)';
      case '$':
        this.pos++;
        return flags.m ? '(?:$|(?=\\n))' : '(?:$)';
      case '\\':
        return this.escapeAtom(flags);
      default:
        return this.literal(this.codePointAt(), flags);
    }
  }

  private literal(cp: number, flags: Flags): string {
    if (flags.i) {
      const variants = caseVariants(cp);
      if (variants.length > 1) return `[${rangesBody(normalize(variants.map((v) => [v, v] as Range)))}]`;
    }
    return escapeCodePoint(cp);
  }

  private group(flags: Flags, depth: number): string {
    this.pos++; // (
    let prefix = '(';
    const inner: Flags = { ...flags };
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos);
      const named = /^\?P?<([^>]*)>/.exec(rest);
      const flagged = /^\?([imsU-]*):/.exec(rest);
      if (named) {
        if (!/^[A-Za-z0-9_]+$/.test(named[1] as string)) throw new RegexSyntaxError(`invalid named capture: \`(${named[0]}\``);
        if (this.groupNames.includes(named[1])) throw new RegexSyntaxError(`duplicate capture group name: \`${named[1]}\``);
        this.groupNames.push(named[1]);
        this.pos += named[0].length;
      } else if (flagged) {
        if (flagged[1] !== '') this.parseFlags(flagged[1] as string, inner);
        prefix = '(?:';
        this.pos += flagged[0].length;
      } else {
        throw new RegexSyntaxError(`invalid or unsupported Perl syntax: \`(${rest.slice(0, 2)}\``);
      }
    } else {
      this.groupNames.push(undefined);
    }
    const body = this.alternation(inner, depth + 1);
    if (this.peek() !== ')') throw new RegexSyntaxError(`missing closing ): \`${this.src}\``);
    this.pos++;
    return `${prefix}${body})`;
  }

  private escapeAtom(flags: Flags): string {
    const e = this.peek(1);
    if (e === 'Q') {
      this.pos += 2;
      const end = this.src.indexOf('\\E', this.pos);
      const text = end < 0 ? this.src.slice(this.pos) : this.src.slice(this.pos, end);
      this.pos = end < 0 ? this.src.length : end + 2;
      return [...text].map((ch) => this.literal(ch.codePointAt(0) as number, flags)).join('');
    }
    if (e === 'A') return this.skip(2, '(?:^)');
    if (e === 'z') return this.skip(2, '(?:$)');
    if (e === 'b') return this.skip(2, '(?:\\b)');
    if (e === 'B') return this.skip(2, '(?:\\B)');
    const item = this.classEscape();
    if (item) return this.emitClass(item, false, flags);
    return this.literal(this.literalEscape(), flags);
  }

  private skip(n: number, out: string): string {
    this.pos += n;
    return out;
  }

  /** Perl or Unicode class escape at pos (`\d`, `\pL`, ...), or undefined. */
  private classEscape(): ClassItem | undefined {
    const e = this.peek(1);
    if (e === undefined) throw new RegexSyntaxError('trailing backslash at end of expression');
    const lower = e.toLowerCase();
    if (lower in PERL_CLASSES && (e === lower || e.toUpperCase() === e)) {
      this.pos += 2;
      const ranges = PERL_CLASSES[lower] as readonly Range[];
      return { ranges: e === lower ? [...ranges] : complement(ranges), native: [] };
    }
    if (e === 'p' || e === 'P') {
      this.pos += 2;
      let name: string;
      if (this.peek() === '{') {
        const end = this.src.indexOf('}', this.pos);
        if (end < 0) throw new RegexSyntaxError(`invalid character class range: \`${this.src.slice(this.pos - 2)}\``);
        name = this.src.slice(this.pos + 1, end);
        this.pos = end + 1;
      } else {
        name = String.fromCodePoint(this.codePointAt());
      }
      let negated = e === 'P';
      if (name.startsWith('^')) {
        negated = !negated;
        name = name.slice(1);
      }
      if (name === 'Any') return { ranges: negated ? [] : [[0, 0x10ffff]], native: [] };
      const prop = GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
      try {
        new RegExp(`\\p{${prop}}`, 'u');
      } catch {
        throw new RegexSyntaxError(`invalid character class range: \`\\${e}{${name}}\``);
      }
      return { ranges: [], native: [`\\${negated ? 'P' : 'p'}{${prop}}`] };
    }
    return undefined;
  }

  /** A single-character escape at pos; returns its code point. */
  private literalEscape(): number {
    const e = this.peek(1) as string;
    if (e in SIMPLE_ESCAPES) {
      this.pos += 2;
      return SIMPLE_ESCAPES[e] as number;
    }
    if (e >= '0' && e <= '7') {
      const m = /^[0-7]{1,3}/.exec(this.src.slice(this.pos + 1)) as RegExpExecArray;
      if (e !== '0' && m[0].length === 1) throw new RegexSyntaxError(`invalid escape sequence: \`\\${e}\``);
      this.pos += 1 + m[0].length;
      return parseInt(m[0], 8);
    }
    if (e === 'x') {
      const rest = this.src.slice(this.pos + 2);
      const m = /^\{([0-9a-fA-F]+)\}/.exec(rest) ?? /^([0-9a-fA-F]{2})/.exec(rest);
      if (!m) throw new RegexSyntaxError(`invalid escape sequence: \`\\x${rest.slice(0, 2)}\``);
      const cp = parseInt(m[1] as string, 16);
      if (cp > 0x10ffff) throw new RegexSyntaxError(`invalid escape sequence: \`\\x${m[0]}\``);
      this.pos += 2 + m[0].length;
      return cp;
    }
    const cp = e.codePointAt(0) as number;
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(e)) {
      this.pos += 2;
      return cp;
    }
    throw new RegexSyntaxError(`invalid escape sequence: \`\\${e}\``);
  }

  private charClass(flags: Flags): string {
    const start = this.pos;
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const item: ClassItem = { ranges: [], native: [] };
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new RegexSyntaxError(`missing closing ]: \`${this.src.slice(start)}\``);
      if (c === ']' && !first) break;
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos));
      if (posix) {
        const ranges = POSIX_CLASSES[posix[2] as string];
        if (!ranges) throw new RegexSyntaxError(`invalid character class range: \`${posix[0]}\``);
        item.ranges.push(...(posix[1] ? complement(ranges) : ranges));
        this.pos += posix[0].length;
        continue;
      }
      if (c === '\\') {
        const sub = this.classEscape();
        if (sub) {
          item.ranges.push(...sub.ranges);
          item.native.push(...sub.native);
          continue;
        }
      }
      const lo = this.classChar();
      let hi = lo;
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        hi = this.classChar();
        if (hi < lo) throw new RegexSyntaxError(`invalid character class range: \`${this.src.slice(start, this.pos)}\``);
      }
      item.ranges.push([lo, hi]);
    }
    this.pos++; // ]
    return this.emitClass(item, negated, flags);
  }

  private classChar(): number {
    if (this.peek() === '\\') {
      const e = this.peek(1);
      if (e !== undefined && /[dDsSwWpP]/.test(e)) throw new RegexSyntaxError(`invalid character class range: \`\\${e}\``);
      return this.literalEscape();
    }
    return this.codePointAt();
  }

  private emitClass(item: ClassItem, negated: boolean, flags: Flags): string {
    let ranges = normalize(item.ranges);
    if (flags.i) ranges = foldRanges(ranges);
    if (item.native.length === 0) {
      const set = negated ? complement(ranges) : ranges;
      return set.length === 0 ? '[^\\u{0}-\\u{10ffff}]' : `[${rangesBody(set)}]`;
    }
    return `[${negated ? '^' : ''}${rangesBody(ranges)}${item.native.join('')}]`;
  }
}

/** Translates an RE2 pattern; throws RegexSyntaxError with Go's message when RE2 would reject it. */
export function translateRe2(pattern: string): TranslatedRegex {
  const t = new Translator(pattern);
  const source = t.translate();
  return { source, groupNames: t.groupNames };
}
