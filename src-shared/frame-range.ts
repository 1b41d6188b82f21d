// Frame ranges. On the command line `A-B` is inclusive, as render farms count (1001-1100 is 100 frames);
// inside the engine a range is half-open [start, end).
import { InputError } from './input-error.ts';

export interface FrameRange {
  /** First frame, 0-based index into the decoded stream. */
  start: number;
  /** One past the last frame. */
  end: number;
}

/** Parses `A-B` (inclusive) or a single `N`. Returns null with no text; throws a readable error when malformed. */
export function parseInclusiveRange(text: string): FrameRange {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!m) throw new Error(`frame range '${text}' is not of the form A-B (inclusive, e.g. 0-99) or N`);
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (last < first) throw new Error(`frame range '${text}' ends before it starts`);
  return { start: first, end: last + 1 };
}

export function formatInclusiveRange(range: FrameRange): string {
  return `${range.start}-${range.end - 1}`;
}

export function rangeLength(range: FrameRange): number {
  return Math.max(0, range.end - range.start);
}

/** A frame range that is not inside the clip: bad input (exit 2), never silently clamped. */
export class FrameRangeError extends InputError {
  override name = 'FrameRangeError';
}

/**
 * The range to work on in a clip of `frameCount` frames: all of it without a range, else `range` itself when
 * it lies inside the clip (an `end` of Infinity means "to the end"). Throws FrameRangeError naming the
 * clip's frames otherwise: a range is never clamped to what exists.
 */
export function checkRange(range: FrameRange | undefined, frameCount: number): FrameRange {
  if (!range) return { start: 0, end: frameCount };
  const end = range.end === Infinity ? frameCount : range.end;
  if (range.start >= frameCount || end > frameCount || end <= range.start) {
    const shown = range.end === Infinity ? `${range.start}-` : formatInclusiveRange(range);
    throw new FrameRangeError(
      frameCount > 0
        ? `frame range ${shown} is outside the clip: it has frames 0-${frameCount - 1} (${frameCount} frames)`
        : `frame range ${shown} is outside the clip: it has no frames`,
    );
  }
  return { start: range.start, end };
}

/** @deprecated the old name of checkRange (which no longer clamps). */
export const clampRange = checkRange;
