/**
 * Query parameters of the data routes, read as ASP.NET binds them: names case-insensitive, the
 * first occurrence wins, an empty value counts as absent; `ttl` and `by` parsed strictly.
 */
import { MAX_DATETIME_MS } from './ticks.js';

export class DataQuery {
  private readonly values = new Map<string, string>();

  /** `search` is the raw query with its leading `?`, or ''. */
  constructor(search: string) {
    for (const [name, value] of new URLSearchParams(search.startsWith('?') ? search.slice(1) : search)) {
      const key = name.toLowerCase();
      if (!this.values.has(key)) this.values.set(key, value);
    }
  }

  get(name: string): string | undefined {
    const value = this.values.get(name.toLowerCase());
    return value === undefined || value === '' ? undefined : value;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A signed 64-bit integer written as optional sign and digits; null otherwise. */
export function parseInt64(raw: string): bigint | null {
  const match = /^\s*([+-]?)0*(\d{1,19})\s*$/.exec(raw);
  if (!match) return null;
  const value = BigInt(match[1]! + match[2]!);
  return value < INT64_MIN || value > INT64_MAX ? null : value;
}

/** `ttl` absent (undefined), a number of milliseconds, or invalid. */
export type TtlParam = { ok: true; ttlMs: number | undefined } | { ok: false };

/**
 * Parses `ttl` (milliseconds, signed 64-bit). An expiry past what .NET `DateTime` represents
 * (year 9999) is invalid rather than the server error upstream would give.
 */
export function parseTtl(raw: string | undefined, nowMs: number): TtlParam {
  if (raw === undefined) return { ok: true, ttlMs: undefined };
  const value = parseInt64(raw);
  if (value === null) return { ok: false };
  if (value > BigInt(MAX_DATETIME_MS - nowMs)) return { ok: false };
  return { ok: true, ttlMs: Number(value) };
}

/** .NET `decimal`: a 96-bit mantissa, at most 28 fractional digits. */
const DECIMAL_MAX = 2n ** 96n - 1n;
const DECIMAL_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,4})?\s*$/;

/**
 * A decimal in invariant format (`1.25`, `-3`, `2e-3`) within the .NET `decimal` range, returned
 * trimmed as exact text; null otherwise.
 */
export function parseDecimalText(raw: string): string | null {
  if (raw.length > 200 || !DECIMAL_TEXT.test(raw)) return null;
  const text = raw.trim();
  const [mantissaText, exponentText] = text.toLowerCase().split('e') as [string, string | undefined];
  const [intPart, fracPart = ''] = mantissaText.replace(/^[+-]/, '').split('.') as [string, string | undefined];
  const digits = (intPart + fracPart).replace(/^0+/, '');
  // Integer digits of the value: beyond 29 it exceeds 79,228,162,514,264,337,593,543,950,335.
  const integerDigits = digits.length - fracPart.length + Number(exponentText ?? 0);
  if (digits !== '' && integerDigits > 29) return null;
  if (digits !== '' && integerDigits === 29) {
    const whole = BigInt(digits.slice(0, 29).padEnd(29, '0'));
    if (whole > DECIMAL_MAX) return null;
  }
  return text;
}
