// Parses promqltest series descriptions: `metric{label="v"} 1 2+3x2 _ _x3 stale -1-1x3 {{...}}x2`,
// expanding values as Prometheus does (repeated float addition, `xN` = N more, `_` = no sample).
import { unquoteString } from '../../src/promql/go-unquote.js';

/** One position of a sequence: a float, a staleness marker, a native histogram, or nothing. */
export type SequenceValue = number | 'stale' | 'histogram' | 'omitted';

export interface SeriesDescription {
  labels: Record<string, string>;
  values: SequenceValue[];
}

const IDENT = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const STRING = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/;

function parseMetric(text: string): { labels: Record<string, string>; rest: string } {
  let rest = text.trimStart();
  const labels: Record<string, string> = {};
  const name = IDENT.exec(rest);
  if (name && !rest.startsWith('{')) {
    labels.__name__ = name[0];
    rest = rest.slice(name[0].length);
  }
  if (!rest.startsWith('{') || rest.startsWith('{{')) return { labels, rest };
  rest = rest.slice(1).trimStart();
  while (!rest.startsWith('}')) {
    const key = IDENT.exec(rest) ?? STRING.exec(rest);
    if (!key) throw new Error(`bad label set near ${JSON.stringify(rest)}`);
    const keyText = key[0].startsWith('"') || key[0].startsWith("'") || key[0].startsWith('`') ? unquoteString(key[0]).value : key[0];
    rest = rest.slice(key[0].length).trimStart();
    if (rest.startsWith('=')) {
      rest = rest.slice(1).trimStart();
      const value = STRING.exec(rest);
      if (!value) throw new Error(`bad label value near ${JSON.stringify(rest)}`);
      labels[keyText] = unquoteString(value[0]).value;
      rest = rest.slice(value[0].length).trimStart();
    } else {
      labels.__name__ = keyText;
    }
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
  }
  return { labels, rest: rest.slice(1) };
}

const NUM = '[+-]?(?:inf|nan|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:e[+-]?[0-9]+)?)';
const ITEM = new RegExp(`^(${NUM})(?:([+-])(inf|nan|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:e[+-]?[0-9]+)?))?(?:x([0-9]+))?$`, 'i');

function num(text: string): number {
  const lower = text.toLowerCase();
  const body = lower.replace(/^[+-]/, '');
  const sign = lower.startsWith('-') ? -1 : 1;
  if (body === 'inf') return sign * Infinity;
  if (body === 'nan') return NaN;
  return Number(text);
}

/** Splits the value part into items, keeping `{{ ... }}` histogram descriptions (which contain spaces) whole. */
function items(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] as string)) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j] as string)) {
      if (text.startsWith('{{', j)) {
        const end = text.indexOf('}}', j);
        j = end < 0 ? text.length : end + 2;
      } else j++;
    }
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

function expandItem(item: string): SequenceValue[] {
  if (item === '_') return ['omitted'];
  const blank = /^_x([0-9]+)$/.exec(item);
  if (blank) return Array.from({ length: Number(blank[1]) }, () => 'omitted' as const);
  if (item === 'stale') return ['stale'];
  if (item.startsWith('{{')) {
    const times = /x([0-9]+)$/.exec(item.slice(item.lastIndexOf('}}')));
    return Array.from({ length: times ? Number(times[1]) + 1 : 1 }, () => 'histogram' as const);
  }
  const m = ITEM.exec(item);
  if (!m) throw new Error(`bad series value ${JSON.stringify(item)}`);
  const start = num(m[1] as string);
  if (m[4] === undefined) {
    if (m[2] !== undefined) throw new Error(`bad series value ${JSON.stringify(item)}`);
    return [start];
  }
  const count = Number(m[4]);
  const step = m[2] === undefined ? 0 : (m[2] === '-' ? -1 : 1) * num(m[3] as string);
  const out: number[] = [];
  let v = start;
  for (let i = 0; i <= count; i++) {
    out.push(v);
    v += step;
  }
  return out;
}

export function parseSeriesDescription(line: string): SeriesDescription {
  const { labels, rest } = parseMetric(line);
  return { labels, values: items(rest).flatMap(expandItem) };
}
