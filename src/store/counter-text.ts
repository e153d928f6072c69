/**
 * Pure counter arithmetic shared by store implementations: signed 64-bit integer increments with
 * overflow checking and exact decimal increments (.NET `decimal` range, 28 fractional digits),
 * both read from and written as UTF-8 decimal text. Stored text must parse strictly (data.md
 * §3.4: no spaces; integers are sign and digits only).
 */
import { StoreError } from './store.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** .NET decimal: 96-bit unsigned mantissa, scale 0..28. */
const DECIMAL_MANTISSA_LIMIT = 2n ** 96n;
const DECIMAL_MAX_SCALE = 28;

/** Adds `delta` to the stored integer text (null = 0); throws `not-integer` or `overflow`. */
export function addInteger(current: Buffer | null, delta: bigint | number): bigint {
  const base = current === null ? 0n : parseInt64(current.toString('utf8'));
  if (typeof delta === 'number' && !Number.isInteger(delta)) {
    throw new StoreError(`delta ${delta} is not an integer`, 'not-integer');
  }
  const d = BigInt(delta);
  if (d < INT64_MIN || d > INT64_MAX) throw new StoreError('delta is out of the 64-bit range', 'overflow');
  const sum = base + d;
  if (sum < INT64_MIN || sum > INT64_MAX) throw new StoreError('integer increment overflows 64 bits', 'overflow');
  return sum;
}

function parseInt64(text: string): bigint {
  // Leading zeros are dropped before BigInt so that a huge stored text costs nothing.
  const match = /^([+-]?)0*(\d{1,19})$/.exec(text);
  const value = match ? BigInt(match[1]! + match[2]!) : null;
  if (value === null || value < INT64_MIN || value > INT64_MAX) {
    throw new StoreError('stored value is not a 64-bit integer', 'not-integer');
  }
  return value;
}

interface Decimal {
  mantissa: bigint;
  scale: number;
}

/**
 * Adds `delta` (a number, or exact decimal text) to the stored decimal text (null = 0) and returns
 * the shortest decimal text.
 */
export function addDecimal(current: Buffer | null, delta: number | string): string {
  if (typeof delta === 'number' && !Number.isFinite(delta)) throw new StoreError(`delta ${delta} is not a finite number`, 'not-integer');
  const a = current === null ? { mantissa: 0n, scale: 0 } : parseDecimal(current.toString('utf8'));
  const b = parseDecimal(String(delta));
  const scale = Math.max(a.scale, b.scale);
  const sum = a.mantissa * 10n ** BigInt(scale - a.scale) + b.mantissa * 10n ** BigInt(scale - b.scale);
  return formatDecimal(fitDecimal({ mantissa: sum, scale }));
}

/** Longer decimal text is refused (not a number a counter holds); bounds the BigInt work. */
const MAX_DECIMAL_TEXT = 1000;
/** Beyond this scale a value (at most MAX_DECIMAL_TEXT digits) is below 1e-100: it counts as 0. */
const NEGLIGIBLE_SCALE = MAX_DECIMAL_TEXT + 100;

function parseDecimal(text: string): Decimal {
  const match = text.length > MAX_DECIMAL_TEXT ? null : /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const intPart = match?.[2] ?? '';
  const fracPart = match?.[3] ?? '';
  if (!match || intPart.length + fracPart.length === 0) {
    throw new StoreError('stored value is not a decimal number', 'not-integer');
  }
  let mantissa = BigInt(intPart + fracPart);
  let scale = fracPart.length - Number(match[4] ?? 0);
  if (mantissa === 0n || scale > NEGLIGIBLE_SCALE) return { mantissa: 0n, scale: 0 };
  if (scale < 0) {
    if (scale < -40) throw new StoreError('decimal value is out of range', 'overflow');
    mantissa *= 10n ** BigInt(-scale);
    scale = 0;
  }
  // Not rounded here: only the sum is fitted to the decimal range, so tiny deltas still count.
  return { mantissa: match[1] === '-' ? -mantissa : mantissa, scale };
}

/** Rounds (half to even) to at most 28 fractional digits and a 96-bit mantissa; throws on overflow. */
function fitDecimal(d: Decimal): Decimal {
  let { mantissa, scale } = d;
  while (scale > DECIMAL_MAX_SCALE || (scale > 0 && abs(mantissa) >= DECIMAL_MANTISSA_LIMIT)) {
    mantissa = divideRoundHalfEven(mantissa, 10n);
    scale--;
  }
  if (abs(mantissa) >= DECIMAL_MANTISSA_LIMIT) throw new StoreError('decimal increment overflows', 'overflow');
  return { mantissa, scale };
}

function divideRoundHalfEven(n: bigint, divisor: bigint): bigint {
  const q = n / divisor;
  const r = abs(n % divisor) * 2n;
  if (r > divisor || (r === divisor && q % 2n !== 0n)) return n < 0n ? q - 1n : q + 1n;
  return q;
}

function formatDecimal({ mantissa, scale }: Decimal): string {
  while (scale > 0 && mantissa % 10n === 0n) {
    mantissa /= 10n;
    scale--;
  }
  const digits = abs(mantissa).toString().padStart(scale + 1, '0');
  const sign = mantissa < 0n ? '-' : '';
  if (scale === 0) return sign + digits;
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}
