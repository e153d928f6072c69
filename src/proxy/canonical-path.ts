/**
 * The one canonical form of a request path: visibility is decided on it and it is exactly what a
 * function receives. `\` is `/` (as WHATWG URL parsing treats it), escapes of unreserved
 * characters are decoded (`%2e` is `.`), other escapes are upper-cased and stay encoded (`%2F`
 * never separates segments), characters outside the RFC 3986 path set are percent-encoded, and
 * dot segments are removed (RFC 3986 §5.2.4); a path that climbs above its root is refused.
 */

const HEX = '0123456789ABCDEF';

/** RFC 3986 unreserved characters (ALPHA / DIGIT / "-" / "." / "_" / "~"). */
function isUnreserved(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) ||
    code === 0x2d || code === 0x2e || code === 0x5f || code === 0x7e
  );
}

/** Characters allowed as they are in a path (pchar without `%`, plus `/`). */
const PATH_SAFE = new Set("!$&'()*+,;=:@/".split('').map((c) => c.charCodeAt(0)));

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

function encodeByte(code: number): string {
  return `%${HEX[code >> 4]}${HEX[code & 0xf]}`;
}

/**
 * Normalises the encoding of a raw path (no query): `\` → `/`, unreserved escapes decoded, other
 * escapes upper-cased, unsafe characters (controls, space, `"`, `<`, `>`, `#`, non-ASCII bytes…)
 * encoded. Returns null when an escape is malformed (`%` not followed by two hex digits).
 */
export function normalizePathEncoding(raw: string): string | null {
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (isUnreserved(code) || (PATH_SAFE.has(code) && code !== 0x25)) continue;
    out += raw.slice(plainFrom, i);
    if (code === 0x25) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return null;
      const byte = hi * 16 + lo;
      out += isUnreserved(byte) ? String.fromCharCode(byte) : encodeByte(byte);
      i += 2;
    } else if (code === 0x5c) {
      out += '/';
    } else if (code > 0xff) {
      out += encodeURIComponent(raw[i]!);
    } else {
      out += encodeByte(code);
    }
    plainFrom = i + 1;
  }
  return plainFrom === 0 ? raw : out + raw.slice(plainFrom);
}

/** Why a path has no canonical form (answered as a 400). */
export type PathRefusal = 'malformed-encoding' | 'above-root' | 'ambiguous-segment';

export type CanonicalPath = { ok: true; path: string } | { ok: false; reason: PathRefusal };

/** `.;x` and `..;x` are dot segments to servers that strip path parameters (Tomcat, Jetty). */
function isAmbiguousDotSegment(segment: string): boolean {
  const semicolon = segment.indexOf(';');
  if (semicolon < 0) return false;
  const head = segment.slice(0, semicolon);
  return head === '.' || head === '..';
}

/**
 * Canonical `{**path}` of a function route, relative to the function's root and without a leading
 * `/`: encoding normalised, empty segments dropped (`a//b` is `a/b`, so no leading `/` survives),
 * dot segments removed, and — only when there is no query, as functions.md §6.3 joins
 * `path + query` — no trailing `/`. `..` above the root, malformed escapes and `..;x` segments
 * are refused.
 */
export function canonicalFunctionPath(rawPath: string, hasQuery = false): CanonicalPath {
  const normalized = normalizePathEncoding(rawPath);
  if (normalized === null) return { ok: false, reason: 'malformed-encoding' };
  const segments = normalized.split('/');
  const kept: string[] = [];
  let trailingSlash = false;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '' || segment === '.') {
      if (last) trailingSlash = kept.length > 0;
      continue;
    }
    if (segment === '..') {
      if (kept.length === 0) return { ok: false, reason: 'above-root' };
      kept.pop();
      if (last) trailingSlash = kept.length > 0;
      continue;
    }
    if (isAmbiguousDotSegment(segment)) return { ok: false, reason: 'ambiguous-segment' };
    kept.push(segment);
  }
  const path = kept.join('/');
  return { ok: true, path: trailingSlash && hasQuery ? `${path}/` : path };
}

export const PATH_REFUSAL_MESSAGES: Record<PathRefusal, string> = {
  'malformed-encoding': 'Malformed URL encoding.',
  'above-root': 'The path climbs above its root.',
  'ambiguous-segment': 'The path has an ambiguous dot segment.',
};
