// Immutable label sets sorted by name (Prometheus `labels.Labels`): empty values never stored, byte-order
// (code point) comparison, unambiguous keys for hashing and Prometheus's `{a="b", c="d"}` rendering.

export interface Label {
  readonly name: string;
  readonly value: string;
}

/** A label set: sorted by name, no duplicate names, no empty values. */
export type Labels = readonly Label[];

export const METRIC_NAME = '__name__';
const METADATA_LABELS = new Set([METRIC_NAME, '__type__', '__unit__']);

/** Compares two strings by Unicode code point, i.e. like Go compares UTF-8 strings. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (code points above U+FFFF) sort after U+E000..U+FFFF in code point order.
    if (ca >= 0xd800 && cb >= 0xd800) {
      ca += ca >= 0xe000 ? -0x800 : 0x2000;
      cb += cb >= 0xe000 ? -0x800 : 0x2000;
    }
    return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}

function byName(a: Label, b: Label): number {
  return compareStrings(a.name, b.name);
}

/** Builds a label set from a plain object (empty values dropped). */
export function labelsFromRecord(record: Readonly<Record<string, string>>): Labels {
  const out: Label[] = [];
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (typeof value !== 'string') throw new TypeError(`label ${name} must be a string`);
    if (value !== '') out.push({ name, value });
  }
  return out.sort(byName);
}

/** Builds a label set from pairs; a later pair with the same name wins. */
export function labelsFromPairs(pairs: Iterable<readonly [string, string]>): Labels {
  const map = new Map<string, string>();
  for (const [name, value] of pairs) map.set(name, value);
  const out: Label[] = [];
  for (const [name, value] of map) if (value !== '') out.push({ name, value });
  return out.sort(byName);
}

export function labelsToRecord(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return out;
}

/** The value of a label, '' when absent (Prometheus treats both the same). */
export function getLabel(labels: Labels, name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}

export function hasLabel(labels: Labels, name: string): boolean {
  for (const l of labels) if (l.name === name) return true;
  return false;
}

/** A string identifying the label set exactly (length-prefixed, so no separator ambiguity). */
export function labelsKey(labels: Labels): string {
  let key = '';
  for (const l of labels) key += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  return key;
}

/** Key of the labels whose names are in `names` (`on`) or not in `names` (`ignoring`/`without`). */
export function labelsKeyFor(labels: Labels, names: ReadonlySet<string>, include: boolean): string {
  let key = '';
  for (const l of labels) {
    if (names.has(l.name) !== include) continue;
    key += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  }
  return key;
}

/** Prometheus `labels.Compare`. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const an = a[i] as Label;
    const bn = b[i] as Label;
    if (an.name !== bn.name) return compareStrings(an.name, bn.name);
    if (an.value !== bn.value) return compareStrings(an.value, bn.value);
  }
  return a.length - b.length;
}

export function keepLabels(labels: Labels, names: ReadonlySet<string>): Labels {
  return labels.filter((l) => names.has(l.name));
}

export function dropLabels(labels: Labels, names: ReadonlySet<string>): Labels {
  return labels.filter((l) => !names.has(l.name));
}

/** Drops `__name__`, `__type__` and `__unit__` (Prometheus `DropReserved(schema.IsMetadataLabel)`). */
export function dropMetadata(labels: Labels): Labels {
  for (const l of labels) if (METADATA_LABELS.has(l.name)) return dropLabels(labels, METADATA_LABELS);
  return labels;
}

/** Sets (or with an empty value deletes) one label. */
export function setLabel(labels: Labels, name: string, value: string): Labels {
  const out = labels.filter((l) => l.name !== name);
  if (value === '') return out.length === labels.length ? labels : out;
  out.push({ name, value });
  return out.sort(byName);
}

const LEGACY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Go `strconv.Quote` for the characters label values usually contain. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Prometheus `Labels.String()`: `{__name__="x", a="b"}`. */
export function formatLabels(labels: Labels): string {
  const parts = labels.map((l) => `${LEGACY_NAME.test(l.name) ? l.name : goQuote(l.name)}=${goQuote(l.value)}`);
  return `{${parts.join(', ')}}`;
}
