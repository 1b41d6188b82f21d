// The inspector's actions on the active clip: keypoint edits as keyframes, keyframe interpolation and swap
// settings. All are the clip's own (project version 4) and each is one undoable command.
import type { Clip, SwapSettings } from '../../../src-shared/project/schema.ts';
import { updateClip } from '../../../src-shared/project/schema.ts';
import {
  findTrack,
  moveKeypoints,
  removeKeyframe,
  withTrackKeyframes,
} from '../../../src-shared/project/keyframes.ts';
import type { StudioCore } from '../../state/studio-core.ts';
import { activeClip } from '../../state/studio-state.ts';

export class ClipActions {
  private readonly core: StudioCore;
  /** Re-renders the swap preview after a change that alters it. */
  private readonly changed: () => void;

  constructor(core: StudioCore, changed: () => void) {
    this.core = core;
    this.changed = changed;
  }

  /** Changes the active clip as one undoable command. */
  edit(label: string, update: (c: Clip) => Clip, mergeKey: string | null = null): void {
    const clip = activeClip(this.core.s);
    if (!clip) return;
    this.core.commit(label, (p) => updateClip(p, clip.id, update), mergeKey);
  }

  /** Moves the given keypoints by (dx, dy) image pixels at the current frame; `gesture` merges one drag. */
  moveKeypoints(points: number[], dx: number, dy: number, gesture: string): void {
    const clip = activeClip(this.core.s);
    if (!clip || points.length === 0) return;
    const frame = this.core.s.frame;
    this.core.commit(
      points.length === 1 ? `move keypoint ${points[0]}` : `move ${points.length} keypoints`,
      (p) => {
        const track = findTrack(p.tracks, clip.id, 0);
        const current = p.clips.find((c) => c.id === clip.id) ?? clip;
        const keyframes = moveKeypoints(track?.keyframes ?? [], frame, points, dx, dy, current.interpolation);
        return { ...p, tracks: withTrackKeyframes(p.tracks, clip.id, 0, keyframes) };
      },
      gesture,
    );
    this.changed();
  }

  deleteKeyframe(frame: number): void {
    const clip = activeClip(this.core.s);
    if (!clip) return;
    this.core.commit(`delete keyframe ${frame}`, (p) => {
      const track = findTrack(p.tracks, clip.id, 0);
      if (!track || !track.keyframes.some((k) => k.frame === frame)) return p;
      return {
        ...p,
        tracks: withTrackKeyframes(p.tracks, clip.id, 0, removeKeyframe(track.keyframes, frame)),
      };
    });
    this.changed();
  }

  setSwap<K extends keyof SwapSettings>(key: K, value: SwapSettings[K]): void {
    this.edit(`swap ${key}`, (c) => ({ ...c, swap: { ...c.swap, [key]: value } }), `swap:${key}`);
    this.changed();
  }

  setInterpolation(mode: Clip['interpolation']['mode'], outside: Clip['interpolation']['outside']): void {
    this.edit('interpolation', (c) =>
      c.interpolation.mode === mode && c.interpolation.outside === outside
        ? c
        : { ...c, interpolation: { mode, outside } },
    );
    this.changed();
  }
}
