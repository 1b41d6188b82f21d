// Cancellation helpers shared by all long-running engine work.

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(message = 'cancelled') {
    super(message);
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

export function isCancelled(err: unknown, signal?: AbortSignal): boolean {
  return (
    err instanceof CancelledError ||
    (signal?.aborted ?? false) ||
    (err instanceof Error && err.name === 'AbortError')
  );
}
