// Undo/redo over immutable document snapshots. Each command records the document before and after; a new
// command with the same merge key as the last one, arriving within the merge window, extends it instead of
// adding a step (one drag = one undo step; rapid nudges of the same points = one step).

export interface UndoEntry<S> {
  label: string;
  before: S;
  after: S;
  /** Commands with the same non-null key merge when close in time. */
  mergeKey: string | null;
  /** When the command (or its last merged part) happened, in ms. */
  time: number;
}

export interface UndoState<S> {
  past: UndoEntry<S>[];
  future: UndoEntry<S>[];
}

export const MERGE_WINDOW_MS = 600;
export const MAX_UNDO = 500;

export function emptyUndo<S>(): UndoState<S> {
  return { past: [], future: [] };
}

export function pushCommand<S>(
  stack: UndoState<S>,
  entry: UndoEntry<S>,
  mergeWindowMs: number = MERGE_WINDOW_MS,
): UndoState<S> {
  const last = stack.past[stack.past.length - 1];
  if (
    last &&
    entry.mergeKey !== null &&
    last.mergeKey === entry.mergeKey &&
    entry.time - last.time <= mergeWindowMs
  ) {
    const merged: UndoEntry<S> = { ...last, after: entry.after, time: entry.time };
    return { past: [...stack.past.slice(0, -1), merged], future: [] };
  }
  const past = [...stack.past, entry];
  return { past: past.length > MAX_UNDO ? past.slice(past.length - MAX_UNDO) : past, future: [] };
}

/** Undoes the last command: the new stack and the document to show, or null when there is nothing to undo. */
export function undo<S>(stack: UndoState<S>): { stack: UndoState<S>; doc: S; label: string } | null {
  const last = stack.past[stack.past.length - 1];
  if (!last) return null;
  return {
    stack: { past: stack.past.slice(0, -1), future: [last, ...stack.future] },
    doc: last.before,
    label: last.label,
  };
}

export function redo<S>(stack: UndoState<S>): { stack: UndoState<S>; doc: S; label: string } | null {
  const next = stack.future[0];
  if (!next) return null;
  return {
    stack: { past: [...stack.past, { ...next, mergeKey: null }], future: stack.future.slice(1) },
    doc: next.after,
    label: next.label,
  };
}
