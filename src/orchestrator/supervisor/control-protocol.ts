/**
 * What the supervisor control API and its client share: the credential (platform.md §2.4.5 step 3,
 * a random 32-byte token in hex sent in `X-SlimFaas-Token`, compared in constant time whatever
 * the length of the guess) and the header carrying a topology's version.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const CONTROL_TOKEN_HEADER = 'x-slimfaas-token';
/** The version of the topology in a `GET /v1/topology` answer (the stream's `id:`). */
export const TOPOLOGY_VERSION_HEADER = 'x-slimfaas-topology-version';

export function newControlToken(): string {
  return randomBytes(32).toString('hex');
}

/** True only when `given` is exactly `expected` (digests compared, so lengths leak nothing). */
export function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string' || expected === '') return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
