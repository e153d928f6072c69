/** What the upstream client and the relay handler share: the timeout error, Node's timer cap, the response headers never relayed. */

export class TimeoutError extends Error {
  constructor() {
    super('upstream timeout');
  }
}

/** Node's largest timer delay (a larger one would fire at once). */
export const MAX_TIMER_MS = 2_147_483_647;

/** Hop-by-hop response headers, lower-cased. */
export const DROPPED_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['transfer-encoding', 'connection', 'keep-alive']);
