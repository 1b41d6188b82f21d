// Runs an async generator up to `depth` items ahead of its consumer: the next items are asked for before
// the consumer wants them, so the producer (e.g. a decoder's pipe) works while the consumer does. Items
// and errors arrive in the producer's order; at most `depth` items wait in memory. Closing the result
// closes the producer, after the items already asked for are done.
export async function* readAhead<T>(source: AsyncGenerator<T>, depth: number): AsyncGenerator<T> {
  if (!(Number.isInteger(depth) && depth >= 0))
    throw new Error(`read-ahead depth must be >= 0 (got ${depth})`);
  const asked: Promise<IteratorResult<T>>[] = [];
  try {
    for (;;) {
      while (asked.length < depth + 1) {
        const next = source.next();
        next.catch(() => undefined); // awaited in order below; this only marks it handled meanwhile
        asked.push(next);
      }
      const r = await asked.shift()!;
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await Promise.allSettled(asked);
    await source.return(undefined);
  }
}
