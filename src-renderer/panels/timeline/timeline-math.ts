// Pure timeline math: frame <-> pixel mapping, tick spacing, J/K/L shuttle speeds, in/out marks.

export interface TimelineView {
  /** First visible frame (may be fractional while zooming). */
  start: number;
  /** Visible frames across the width. */
  span: number;
  width: number;
}

export function clampFrame(frame: number, frameCount: number): number {
  if (frameCount <= 0) return 0;
  return Math.min(frameCount - 1, Math.max(0, Math.round(frame)));
}

export function xOfFrame(frame: number, view: TimelineView): number {
  return ((frame - view.start) / view.span) * view.width;
}

/** The frame under pixel x (frames are centred on their cell), clamped to the clip. */
export function frameAtX(x: number, view: TimelineView, frameCount: number): number {
  return clampFrame(view.start + (x / view.width) * view.span - 0.5, frameCount);
}

/** Frames between labelled ticks: the smallest "nice" step leaving at least `minPx` between ticks. */
export function tickStep(view: TimelineView, fps: number, minPx = 80): number {
  const pxPerFrame = view.width / view.span;
  const nominal = Math.max(1, Math.round(fps));
  const candidates = [1, 2, 5, 10];
  for (const s of [1, 2, 5]) if (s < nominal) candidates.push(s);
  const seconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((s) => s * nominal);
  const all = [...new Set([...candidates.filter((c) => c < nominal), ...seconds])].sort((a, b) => a - b);
  for (const step of all) if (step * pxPerFrame >= minPx) return step;
  return all[all.length - 1]!;
}

/** Zoom the view by `factor` (>1 zooms in) keeping the frame under `anchorX` fixed. */
export function zoomView(
  view: TimelineView,
  factor: number,
  anchorX: number,
  frameCount: number,
): TimelineView {
  const anchor = view.start + (anchorX / view.width) * view.span;
  const span = Math.min(Math.max(10, frameCount), Math.max(10, view.span / factor));
  let start = anchor - (anchorX / view.width) * span;
  start = Math.max(0, Math.min(start, Math.max(0, frameCount - span)));
  return { ...view, start, span };
}

/** Keeps `frame` visible, paging the view when it leaves it (playback, arrow keys). */
export function followFrame(view: TimelineView, frame: number, frameCount: number): TimelineView {
  if (frame >= view.start && frame < view.start + view.span) return view;
  const start = Math.max(0, Math.min(frame - view.span * 0.1, Math.max(0, frameCount - view.span)));
  return { ...view, start };
}

export const MAX_SHUTTLE = 8;

/** J/K/L: L plays forward, again doubles (to 8x); J the same backwards; K stops. */
export function shuttle(speed: number, key: 'j' | 'k' | 'l'): number {
  if (key === 'k') return 0;
  if (key === 'l') return speed <= 0 ? 1 : Math.min(MAX_SHUTTLE, speed * 2);
  return speed >= 0 ? -1 : Math.max(-MAX_SHUTTLE, speed * 2);
}

/** Frame reached after `elapsedMs` of playback at `speed` from `from`; stops at the clip ends. */
export function playbackFrame(
  from: number,
  speed: number,
  fps: number,
  elapsedMs: number,
  frameCount: number,
) {
  const target = from + (elapsedMs / 1000) * fps * speed;
  const frame = clampFrame(Math.floor(target + 1e-9), frameCount);
  const atEnd = (speed > 0 && frame >= frameCount - 1) || (speed < 0 && frame <= 0);
  return { frame, atEnd };
}

export interface Marks {
  in: number | null;
  /** Exclusive. */
  out: number | null;
}

/** I at `frame`: the in mark; an out mark at or before it is cleared. */
export function markIn(marks: Marks, frame: number): Marks {
  return { in: frame, out: marks.out !== null && marks.out <= frame ? null : marks.out };
}

/** O at `frame`: the out mark after this frame (inclusive on screen, exclusive inside). */
export function markOut(marks: Marks, frame: number): Marks {
  return { in: marks.in !== null && marks.in > frame ? null : marks.in, out: frame + 1 };
}

/** The half-open range to render: the marks, or the whole clip. */
export function markedRange(marks: Marks, frameCount: number): { start: number; end: number } {
  const start = Math.max(0, marks.in ?? 0);
  const end = Math.min(frameCount, marks.out ?? frameCount);
  return { start, end: Math.max(start, end) };
}
