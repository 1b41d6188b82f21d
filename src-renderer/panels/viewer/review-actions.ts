// The viewer's review of a rendered range: "Preview I-O" renders the clip's in/out range through the
// render path (a background job with progress) and plays it looped with J/K/L, wipe and matte; a finished
// export plays the same way.
import type { StudioCore } from '../../state/studio-core.ts';
import type { StudioJobs } from '../../state/studio-jobs.ts';
import { activeClip, activeClipInfo } from '../../state/studio-state.ts';
import { frameRateToNumber } from '../../../src-shared/media.ts';
import { markedRange, shuttle } from '../timeline/timeline-math.ts';
import type { Review } from './viewer-slice.ts';

export class ReviewActions {
  private readonly core: StudioCore;
  private readonly jobs: StudioJobs;

  constructor(core: StudioCore, jobs: StudioJobs) {
    this.core = core;
    this.jobs = jobs;
  }

  get active(): Review | null {
    return this.core.s.review;
  }

  /** Renders the active clip's in/out range (or the whole clip) and plays it when done. */
  async previewRange(): Promise<void> {
    const s = this.core.s;
    const clip = activeClip(s);
    const info = activeClipInfo(s);
    if (!clip || !info) return;
    const { start, end } = markedRange(clip.marks, info.frameCount);
    if (end <= start) {
      this.core.reportError('preview I-O', new Error('the in/out range is empty'));
      return;
    }
    const resolution = s.previewResolution;
    const r = await this.core.guard('preview I-O', () =>
      this.core.api.call('swap.previewRange', {
        project: s.project,
        clipId: clip.id,
        start,
        end,
        resolution,
      }),
    );
    if (!r) return;
    const fps = frameRateToNumber(info.frameRate);
    this.jobs.trackJob(r.jobId, 'preview', (outputPath) =>
      this.show({
        path: outputPath,
        clipStart: start,
        frameCount: end - start,
        fps,
        frame: 0,
        speed: 1,
        label: `Preview I-O: frames ${start}–${end - 1}`,
        audio: info.audio.length > 0,
        resolution,
      }),
    );
    this.core.store.set({ status: `Rendering frames ${start}–${end - 1} for preview...` });
  }

  /** Plays a rendered file (an export) in the viewer, looped. */
  async play(path: string, clipStart: number, label: string): Promise<void> {
    const info = await this.core.guard('play', () => this.core.api.call('media.probe', { path }));
    if (!info) return;
    this.show({
      path,
      clipStart,
      frameCount: info.frameCount,
      fps: frameRateToNumber(info.frameRate),
      frame: 0,
      speed: 1,
      label,
      audio: info.audio.length > 0,
      resolution: null,
    });
  }

  show(review: Review): void {
    this.core.store.set({ review, speed: 0, modal: null });
  }

  close(): void {
    this.core.store.set({ review: null });
  }

  private update(patch: (r: Review) => Partial<Review>): void {
    this.core.store.set((s) => (s.review ? { review: { ...s.review, ...patch(s.review) } } : {}));
  }

  /** Frame `f` of the review, wrapped around (the review loops). */
  seek(f: number): void {
    this.update((r) => ({ frame: ((Math.round(f) % r.frameCount) + r.frameCount) % r.frameCount }));
  }

  step(delta: number): void {
    this.update((r) => ({
      speed: 0,
      frame: (((r.frame + delta) % r.frameCount) + r.frameCount) % r.frameCount,
    }));
  }

  shuttle(key: 'j' | 'k' | 'l'): void {
    this.update((r) => ({ speed: shuttle(r.speed, key) }));
  }

  togglePlay(): void {
    this.update((r) => ({ speed: r.speed === 0 ? 1 : 0 }));
  }
}
