// Actions of the source-face check: what a check depends on (its key) and running it as an engine job
// whose result is loaded into the slice. The check itself is the engine's (the render's own rule).
import type { FrameRange } from '../../../src-shared/frame-range.ts';
import type { SourceCheck } from '../../../src-shared/api/schemas.ts';
import { findTrack } from '../../../src-shared/project/keyframes.ts';
import type { StudioCore } from '../../state/studio-core.ts';
import type { StudioJobs } from '../../state/studio-jobs.ts';
import type { StudioState } from '../../state/studio-state.ts';

/** What the check's answer depends on: the source face, the clip's analysis (its version) and edits, the range. */
export function sourceCheckKey(s: StudioState, clipId: string, range: FrameRange): string | null {
  const clip = s.project.clips.find((c) => c.id === clipId);
  const source = s.project.sources.find((x) => x.id === s.project.activeSourceId) ?? s.project.sources[0];
  if (!clip || !source || range.end <= range.start) return null;
  const version = clip.analysis ? (s.analysisVersions[clip.analysis] ?? null) : null;
  const keyframes = findTrack(s.project.tracks, clip.id, 0)?.keyframes ?? [];
  return JSON.stringify([
    source.path,
    source.frame,
    clip.path,
    clip.analysis,
    version,
    range.start,
    range.end,
    keyframes.length,
    keyframes.length ? keyframes[keyframes.length - 1] : null,
    clip.swap.sourceFrames,
  ]);
}

export class SourceCheckActions {
  private readonly core: StudioCore;
  private readonly jobs: StudioJobs;

  constructor(core: StudioCore, jobs: StudioJobs) {
    this.core = core;
    this.jobs = jobs;
  }

  /** The check of the active source against `clipId` over `range`, if one was made for things as they are. */
  result(clipId: string, range: FrameRange): SourceCheck | null {
    const key = sourceCheckKey(this.core.s, clipId, range);
    return key ? (this.core.s.sourceChecks[key] ?? null) : null;
  }

  /** The check of `range` is being made now. */
  checking(clipId: string, range: FrameRange): boolean {
    const key = sourceCheckKey(this.core.s, clipId, range);
    return key !== null && this.busy(key);
  }

  private busy(key: string): boolean {
    const jobId = this.core.s.sourceCheckJobs[key];
    if (jobId === undefined) return false;
    // A failed or cancelled check may be asked again.
    return jobId === '' || this.core.s.jobs[jobId]?.status === 'running';
  }

  /** Starts the check unless it is known or running for things as they are now. */
  async ensure(clipId: string, range: FrameRange): Promise<void> {
    const s = this.core.s;
    const key = sourceCheckKey(s, clipId, range);
    if (!key || s.sourceChecks[key] || this.busy(key)) return;
    const started = (jobId: string | null) =>
      this.core.store.set((st) => ({
        sourceCheckJobs: Object.fromEntries([
          ...Object.entries(st.sourceCheckJobs).filter(([k]) => k !== key),
          ...(jobId === null ? [] : [[key, jobId]]),
        ]) as Record<string, string>,
      }));
    started('');
    const r = await this.core.guard('source check', () =>
      this.core.api.call('source.check', { project: s.project, clipId, start: range.start, end: range.end }),
    );
    started(r ? r.jobId : null);
    if (!r) return;
    this.jobs.trackJob(r.jobId, 'source-check', (outputPath) => {
      void this.core
        .guard('source check', () => this.core.api.call('source.checkLoad', { path: outputPath }))
        .then((check) => {
          if (check) this.core.store.set((st) => ({ sourceChecks: { ...st.sourceChecks, [key]: check } }));
        });
    });
  }
}
