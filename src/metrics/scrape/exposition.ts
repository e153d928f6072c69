/**
 * Streaming parser of the Prometheus text exposition format (autoscaling.md §5.3): reads a body
 * chunk by chunk, line by line, never buffering more than one line, keeps only requested metric
 * names, and enforces the response, line and series limits. Label values are unescaped as the
 * format defines (`\\`, `\"`, `\n`); exposition timestamps are ignored; non-finite values are
 * skipped as upstream does.
 */

export interface ExpositionLimits {
  maxResponseBytes: number;
  maxLineBytes: number;
  maxSeries: number;
}

/** One kept sample: its metric name and labels (without `__name__`), and its value. */
export interface ExposedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export type ExpositionFailure = 'response_too_large' | 'line_too_long' | 'too_many_series';

export class ExpositionError extends Error {
  constructor(readonly failure: ExpositionFailure) {
    super(`exposition rejected: ${failure.replace(/_/g, ' ')}`);
  }
}

/** Which metric names to keep: a set, or every name. */
export type NameFilter = ReadonlySet<string> | 'all';

const NEWLINE = 0x0a;
const NAME_START = /[A-Za-z_:]/;
const NAME_CHAR = /[A-Za-z0-9_:]/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a whole body given as byte chunks. Returns the kept samples keyed by their exact series
 * identity (name + sorted labels); a duplicate key keeps the last value. Throws ExpositionError.
 */
export async function parseExposition(chunks: AsyncIterable<Uint8Array>, filter: NameFilter, limits: ExpositionLimits): Promise<Map<string, ExposedSample>> {
  const samples = new Map<string, ExposedSample>();
  let total = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const takeLine = (line: Buffer) => {
    if (line.length > limits.maxLineBytes) throw new ExpositionError('line_too_long');
    const sample = parseLine(line.toString('utf8'), filter);
    if (!sample) return;
    const key = seriesKey(sample);
    if (!samples.has(key) && samples.size >= limits.maxSeries) throw new ExpositionError('too_many_series');
    samples.set(key, sample);
  };
  for await (const raw of chunks) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    total += chunk.length;
    if (total > limits.maxResponseBytes) throw new ExpositionError('response_too_large');
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, nl);
      takeLine(pending.length === 0 ? piece : Buffer.concat([...pending, piece]));
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > limits.maxLineBytes) throw new ExpositionError('line_too_long');
      pending.push(Buffer.from(rest));
    }
  }
  if (pending.length > 0) takeLine(Buffer.concat(pending));
  return samples;
}

/** Identity of a sample's series: name and labels sorted by name. */
export function seriesKey(sample: Pick<ExposedSample, 'name' | 'labels'>): string {
  const names = Object.keys(sample.labels).sort();
  return names.length === 0 ? sample.name : `${sample.name}{${names.map((n) => `${n}=${JSON.stringify(sample.labels[n])}`).join(',')}}`;
}

/** One line (without `\n`); null when it is a comment, blank, not requested or malformed. */
export function parseLine(text: string, filter: NameFilter): ExposedSample | null {
  const line = text.endsWith('\r') ? text.slice(0, -1) : text;
  let i = 0;
  while (line[i] === ' ' || line[i] === '\t') i++;
  if (i >= line.length || !NAME_START.test(line[i]!)) return null;
  const nameStart = i;
  while (i < line.length && NAME_CHAR.test(line[i]!)) i++;
  const name = line.slice(nameStart, i);
  if (filter !== 'all' && !filter.has(name)) return null;
  let labels: Record<string, string> = {};
  if (line[i] === '{') {
    const parsed = parseLabels(line, i + 1);
    if (!parsed) return null;
    labels = parsed.labels;
    i = parsed.end;
  }
  if (line[i] !== ' ' && line[i] !== '\t') return null;
  while (line[i] === ' ' || line[i] === '\t') i++;
  const valueStart = i;
  while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
  const valueText = line.slice(valueStart, i);
  if (!FLOAT.test(valueText)) return null;
  const value = Number(valueText);
  if (!Number.isFinite(value)) return null;
  const rest = line.slice(i).trim();
  if (rest !== '' && !/^-?\d+$/.test(rest)) return null;
  return { name, labels, value };
}

/** Parses `a="x",b="y"}` from `start`; returns the labels and the index after `}`. */
function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } | null {
  const labels: Record<string, string> = {};
  let i = start;
  const skipSpaces = () => {
    while (line[i] === ' ' || line[i] === '\t') i++;
  };
  for (;;) {
    skipSpaces();
    if (line[i] === '}') return { labels, end: i + 1 };
    const nameStart = i;
    while (i < line.length && /[A-Za-z0-9_]/.test(line[i]!)) i++;
    const labelName = line.slice(nameStart, i);
    if (!LABEL_NAME.test(labelName)) return null;
    skipSpaces();
    if (line[i] !== '=') return null;
    i++;
    skipSpaces();
    if (line[i] !== '"') return null;
    i++;
    let value = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) return null;
      if (c === '"') break;
      if (c === '\\') {
        const next = line[i + 1];
        if (next === undefined) return null;
        value += next === 'n' ? '\n' : next;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    labels[labelName] = value;
    skipSpaces();
    if (line[i] === ',') {
      i++;
      continue;
    }
    if (line[i] === '}') return { labels, end: i + 1 };
    return null;
  }
}
