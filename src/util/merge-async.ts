/**
 * Merges async iterables into one, in arrival order. Pull-based: each source has at most one
 * `next()` in flight, asked for only when the consumer asks for a value, so a slow consumer holds
 * at most one value per source; sources ready together take turns. Returning early (break) closes every source.
 */
export async function* mergeAsync<T>(sources: readonly AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  type Settled = { index: number; result: IteratorResult<T> } | { index: number; error: unknown };
  const inFlight = new Map<number, Promise<Settled>>();
  const ask = (index: number): void => {
    // Deleted first: the source goes to the end of the race order, so a busy one cannot starve the others.
    inFlight.delete(index);
    // A failure is captured (never an unhandled rejection) and thrown to the consumer when reached.
    inFlight.set(index, iterators[index]!.next().then((result) => ({ index, result }), (error: unknown) => ({ index, error })));
  };
  iterators.forEach((_, index) => ask(index));
  try {
    while (inFlight.size > 0) {
      const settled = await Promise.race(inFlight.values());
      const { index } = settled;
      if ('error' in settled) {
        inFlight.delete(index);
        throw settled.error;
      }
      const { result } = settled;
      if (result.done) {
        inFlight.delete(index);
        continue;
      }
      ask(index);
      yield result.value;
    }
  } finally {
    // Not awaited: a source with a next() in flight closes once that settles (sources are expected
    // to watch the caller's abort signal), and the consumer must not wait on it.
    for (const index of inFlight.keys()) void iterators[index]!.return?.()?.catch(() => undefined);
  }
}
