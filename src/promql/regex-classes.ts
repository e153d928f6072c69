// Character-class building blocks for the RE2 translator: code point ranges for Perl and POSIX classes,
// complements, Go-like simple case folding, and emission as JavaScript `u`-mode class syntax.

export type Range = readonly [number, number];

export const MAX_CODE_POINT = 0x10ffff;

export const PERL_CLASSES: Readonly<Record<string, readonly Range[]>> = {
  d: [[0x30, 0x39]],
  s: [[9, 10], [12, 13], [32, 32]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
};

export const POSIX_CLASSES: Readonly<Record<string, readonly Range[]>> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0, 0x7f]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[9, 13], [32, 32]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

/** Sorted, merged copy of the ranges. */
export function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

// Folding orbits beyond plain upper/lower case that Go's unicode.SimpleFold includes.
const EXTRA_FOLDS: ReadonlyArray<readonly number[]> = [
  [0x4b, 0x6b, 0x212a],
  [0x53, 0x73, 0x17f],
  [0xc5, 0xe5, 0x212b],
  [0xb5, 0x39c, 0x3bc],
];

/** The code points that match `cp` case-insensitively (cp included). */
export function caseVariants(cp: number): number[] {
  const set = new Set<number>([cp]);
  const s = String.fromCodePoint(cp);
  for (const t of [s.toLowerCase(), s.toUpperCase()]) {
    const c = t.codePointAt(0) as number;
    if (t.length === String.fromCodePoint(c).length) set.add(c);
  }
  for (const orbit of EXTRA_FOLDS) if (orbit.some((c) => set.has(c))) for (const c of orbit) set.add(c);
  return [...set];
}

const FOLD_ENUMERATION_LIMIT = 5000;

/** Adds case variants of every code point (ranges wider than the limit are kept as they are). */
export function foldRanges(ranges: readonly Range[]): Range[] {
  const out: Range[] = [...ranges];
  for (const [lo, hi] of ranges) {
    if (hi - lo > FOLD_ENUMERATION_LIMIT) continue;
    for (let cp = lo; cp <= hi; cp++) for (const v of caseVariants(cp)) if (v !== cp) out.push([v, v]);
  }
  return normalize(out);
}

export function escapeCodePoint(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** Class body (without brackets) for the ranges. */
export function rangesBody(ranges: readonly Range[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? escapeCodePoint(lo) : `${escapeCodePoint(lo)}-${escapeCodePoint(hi)}`)).join('');
}
