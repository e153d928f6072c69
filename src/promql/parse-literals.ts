// Literal values from the lezer tree as Prometheus's parser computes them: numbers (ParseInt base 0 then
// ParseFloat, Inf/NaN, durations as seconds), duration contexts in milliseconds, and string literals.
import type { SyntaxNode } from '@lezer/common';
import { PromqlParseError, PromqlUnsupportedError } from './errors.js';
import { parseDurationMs, parseNumberLiteral } from './go-strconv.js';
import { unquoteString, type Unquoted } from './go-unquote.js';
import { children } from './syntax-nodes.js';

const DURATION = /^([0-9]+(ms|[smhdwy]))+$/;

export function nodeText(src: string, node: SyntaxNode): string {
  return src.slice(node.from, node.to);
}

/** Value of an unsigned number token (`1.5`, `0x1f`, `Inf`, `5m` = 300). */
export function unsignedNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf') return Infinity;
  if (lower === 'nan') return NaN;
  if (DURATION.test(text)) {
    try {
      return parseDurationMs(text) / 1000;
    } catch (error) {
      throw new PromqlParseError(`parse error: ${(error as Error).message}`);
    }
  }
  const value = parseNumberLiteral(text);
  if (value === undefined) throw new PromqlParseError(`parse error: error parsing number: "${text}"`);
  return value;
}

/** A `NumberDurationLiteral` node (optionally signed). */
export function numberLiteral(text: string): { value: number; sign: '' | '+' | '-' } {
  const m = /^([+-]?)\s*(.*)$/s.exec(text) as RegExpExecArray;
  const sign = m[1] as '' | '+' | '-';
  const value = unsignedNumber((m[2] as string).trim());
  return { value: sign === '-' ? -value : value, sign };
}

/** Go `time.Duration(math.Round(seconds * 1e9))` converted to whole milliseconds (truncated). */
export function secondsToMs(seconds: number): number {
  const ns = Math.sign(seconds) * Math.round(Math.abs(seconds) * 1e9);
  return Math.trunc(ns / 1e6);
}

/** Seconds of a `DurationExpr` / `OffsetDurationExpr`: optional unary signs and one literal only. */
export function durationSeconds(src: string, node: SyntaxNode): number {
  let sign = 1;
  let cur: SyntaxNode | null = node;
  while (cur && (cur.name === 'DurationExpr' || cur.name === 'OffsetDurationExpr')) {
    const parts = children(cur);
    const first = parts[0];
    if (!first) break;
    if (first.name === 'UnaryOp') {
      if (nodeText(src, first) === '-') sign = -sign;
      cur = parts[1] ?? null;
      continue;
    }
    if (parts.length > 1) throw new PromqlUnsupportedError('duration expression', nodeText(src, node));
    cur = first;
  }
  if (!cur || cur.name !== 'NumberDurationLiteralInDurationContext') {
    throw new PromqlUnsupportedError('duration expression', nodeText(src, node));
  }
  return sign * unsignedNumber(nodeText(src, cur));
}

export function stringLiteral(text: string): Unquoted {
  try {
    return unquoteString(text);
  } catch (error) {
    throw new PromqlParseError(`parse error: ${(error as Error).message}`);
  }
}
