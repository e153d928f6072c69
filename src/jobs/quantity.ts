/**
 * Kubernetes resource quantities compared by value (jobs.md §4.2, with the full quantity
 * semantics the spec recommends): decimal suffixes `m k M G T P E`, binary `Ki Mi Gi Ti Pi Ei`,
 * exponents (`1e3`). Returns null for a string that is not a quantity.
 */
const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/;

export function quantityValue(text: string): number | null {
  const match = QUANTITY.exec(text.trim());
  if (!match) return null;
  const [, number, exponent, suffix] = match;
  if (exponent) return Number(`${number}${exponent}`);
  return Number(number) * SUFFIX[suffix ?? '']!;
}
