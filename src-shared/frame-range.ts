// Frame ranges. On the command line `A-B` is inclusive, as render farms count (1001-1100 is 100 frames);
// inside the engine a range is half-open [start, end).

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

/** Clamps a range to a clip of `frameCount` frames; throws when nothing of it is inside the clip. */
export function clampRange(range: FrameRange | undefined, frameCount: number): FrameRange {
  if (!range) return { start: 0, end: frameCount };
  if (range.start >= frameCount) {
    throw new Error(
      `frame range ${formatInclusiveRange(range)} is outside the clip (frames 0-${frameCount - 1})`,
    );
  }
  return { start: range.start, end: Math.min(range.end, frameCount) };
}
