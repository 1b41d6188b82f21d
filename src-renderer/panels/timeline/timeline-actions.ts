// The timeline and transport's actions: the playhead (per clip), J/K/L shuttle and play, one-frame steps,
// typed timecode jumps, the clip's in/out marks (undoable, per clip) and the timeline zoom.
import type { Clip } from '../../../src-shared/project/schema.ts';
import { updateClip } from '../../../src-shared/project/schema.ts';
import { parseTimecodeEntry } from '../../../src-shared/timecode.ts';
import type { StudioCore } from '../../state/studio-core.ts';
import { activeClip, activeClipInfo } from '../../state/studio-state.ts';
import { clampFrame, markIn, markOut, shuttle } from './timeline-math.ts';
import type { ReviewActions } from '../viewer/review-actions.ts';
import { findTrack } from '../../../src-shared/project/keyframes.ts';

export class TimelineActions {
  private readonly core: StudioCore;
  /** While a rendered range plays in the viewer, the transport drives it. */
  private readonly review: ReviewActions;

  constructor(core: StudioCore, review: ReviewActions) {
    this.core = core;
    this.review = review;
  }

  frameCount(): number {
    const s = this.core.s;
    if (s.review) return s.review.frameCount;
    return activeClipInfo(s)?.frameCount ?? activeClip(s)?.media?.frameCount ?? 0;
  }

  setFrame(frame: number): void {
    if (this.review.active) {
      this.review.seek(frame);
      return;
    }
    this.core.store.set({ frame: clampFrame(frame, this.frameCount()) });
  }

  step(delta: number): void {
    if (this.review.active) {
      this.review.step(delta);
      return;
    }
    this.core.store.set({ speed: 0 });
    this.setFrame(this.core.s.frame + delta);
  }

  shuttle(key: 'j' | 'k' | 'l'): void {
    if (this.review.active) this.review.shuttle(key);
    else this.core.store.set((s) => ({ speed: shuttle(s.speed, key) }));
  }

  togglePlay(): void {
    if (this.review.active) this.review.togglePlay();
    else this.core.store.set((s) => ({ speed: s.speed === 0 ? 1 : 0 }));
  }

  /**
   * A typed position (timecode, frame number, `+10` / `-1:00` relative): jumps there, or answers why not
   * (the field shows the reason; nothing moves).
   */
  jumpTo(text: string): string | null {
    const s = this.core.s;
    const info = activeClipInfo(s);
    if (!info) return 'no clip';
    const r = parseTimecodeEntry(text, {
      current: s.frame,
      frameCount: info.frameCount,
      rate: info.frameRate,
      startTimecode: info.startTimecode,
    });
    if (!r.ok) return r.error;
    this.core.store.set({ speed: 0 });
    this.setFrame(r.frame);
    return null;
  }

  /** Changes the active clip's own marks as one undoable command. */
  private editMarks(label: string, update: (m: Clip['marks']) => Clip['marks']): void {
    const clip = activeClip(this.core.s);
    if (!clip) return;
    this.core.commit(label, (p) =>
      updateClip(p, clip.id, (c) => {
        const marks = update(c.marks);
        return marks.in === c.marks.in && marks.out === c.marks.out ? c : { ...c, marks };
      }),
    );
  }

  markIn(): void {
    const f = this.core.s.frame;
    this.editMarks('mark in', (m) => markIn(m, f));
  }

  markOut(): void {
    const f = this.core.s.frame;
    this.editMarks('mark out', (m) => markOut(m, f));
  }

  clearMarks(): void {
    this.editMarks('clear in/out', () => ({ in: null, out: null }));
  }

  goToMark(which: 'in' | 'out'): void {
    const m = activeClip(this.core.s)?.marks;
    if (!m) return;
    const f = which === 'in' ? m.in : m.out === null ? null : m.out - 1;
    if (f !== null) this.setFrame(f);
  }

  /** The previous (-1) or next (+1) keyframe of the active clip's edits. */
  goToKeyframe(direction: -1 | 1): void {
    const s = this.core.s;
    const clip = activeClip(s);
    if (!clip || s.review) return;
    const frames = (findTrack(s.project.tracks, clip.id, 0)?.keyframes ?? []).map((k) => k.frame);
    const target = direction < 0 ? frames.filter((f) => f < s.frame).pop() : frames.find((f) => f > s.frame);
    if (target !== undefined) this.setFrame(target);
  }

  /** The clip's timeline zoom (kept with the clip on save, restored on open). */
  setZoom(clipId: string, zoom: { start: number; span: number }): void {
    this.core.store.set((s) => ({ zooms: { ...s.zooms, [clipId]: zoom } }));
  }
}
