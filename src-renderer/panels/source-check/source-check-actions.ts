// Actions of the source-face panel: what a check or a source-frame choice depends on (its key), and
// running it as an engine job whose result is loaded into the slice. The work is the engine's (the
// render's own rule and choice).
import type { FrameRange } from '../../../src-shared/frame-range.ts';
import { findTrack } from '../../../src-shared/project/keyframes.ts';
import type { StudioCore } from '../../state/studio-core.ts';
import type { StudioJobs } from '../../state/studio-jobs.ts';
import type { StudioState } from '../../state/studio-state.ts';
import type { SourceCheckSlice } from './source-check-slice.ts';

function activeSource(s: StudioState) {
  return s.project.sources.find((x) => x.id === s.project.activeSourceId) ?? s.project.sources[0] ?? null;
}

/** The clip's analysis version and keypoint edits (what the engine's answers depend on besides the source). */
function clipInputs(s: StudioState, clipId: string) {
  const clip = s.project.clips.find((c) => c.id === clipId);
  if (!clip) return null;
  const version = clip.analysis ? (s.analysisVersions[clip.analysis] ?? null) : null;
  const keyframes = findTrack(s.project.tracks, clip.id, 0)?.keyframes ?? [];
  return { clip, edits: [clip.path, clip.analysis, version, keyframes, clip.interpolation] };
}

/** What the check's answer depends on: the source face, the clip's analysis (its version) and edits, the range. */
export function sourceCheckKey(s: StudioState, clipId: string, range: FrameRange): string | null {
  const inputs = clipInputs(s, clipId);
  const source = activeSource(s);
  if (!inputs || !source || range.end <= range.start) return null;
  return JSON.stringify([
    'check',
    source.path,
    source.frame,
    ...inputs.edits,
    range,
    inputs.clip.swap.sourceFrames,
  ]);
}

/** What the pose-matched choice depends on (null unless the clip's swap uses pose-matched source frames). */
export function sourceFramesKey(s: StudioState, clipId: string): string | null {
  const inputs = clipInputs(s, clipId);
  const source = activeSource(s);
  if (!inputs || !source || inputs.clip.swap.sourceFrames !== 'pose-matched') return null;
  if (!inputs.clip.analysis) return null;
  return JSON.stringify(['frames', source.path, ...inputs.edits, inputs.clip.swap.mirror]);
}

type Results = 'sourceChecks' | 'sourceFrameChoices';

export class SourceCheckActions {
  private readonly core: StudioCore;
  private readonly jobs: StudioJobs;

  constructor(core: StudioCore, jobs: StudioJobs) {
    this.core = core;
    this.jobs = jobs;
  }

  /** The job for `key` is being made now. */
  busy(key: string | null): boolean {
    if (key === null) return false;
    const jobId = this.core.s.sourceCheckJobs[key];
    if (jobId === undefined) return false;
    // A failed or cancelled job may be asked again.
    return jobId === '' || this.core.s.jobs[jobId]?.status === 'running';
  }

  /** Starts the check of the active source against `clipId` over `range` unless it is known or running. */
  ensureCheck(clipId: string, range: FrameRange): Promise<void> {
    const s = this.core.s;
    return this.ensure(
      sourceCheckKey(s, clipId, range),
      'sourceChecks',
      () =>
        this.core.api.call('source.check', {
          project: s.project,
          clipId,
          start: range.start,
          end: range.end,
        }),
      (path) => this.core.api.call('source.checkLoad', { path }),
    );
  }

  /** Starts the pose-matched source-frame choice of `clipId` unless it is known or running. */
  ensureFrames(clipId: string): Promise<void> {
    const s = this.core.s;
    return this.ensure(
      sourceFramesKey(s, clipId),
      'sourceFrameChoices',
      () => this.core.api.call('source.frames', { project: s.project, clipId }),
      (path) => this.core.api.call('source.framesLoad', { path }),
    );
  }

  private async ensure<K extends Results>(
    key: string | null,
    field: K,
    start: () => Promise<{ jobId: string }>,
    load: (outputPath: string) => Promise<SourceCheckSlice[K][string]>,
  ): Promise<void> {
    if (!key || this.core.s[field][key] || this.busy(key)) return;
    const started = (jobId: string | null) =>
      this.core.store.set((st) => ({
        sourceCheckJobs: Object.fromEntries([
          ...Object.entries(st.sourceCheckJobs).filter(([k]) => k !== key),
          ...(jobId === null ? [] : [[key, jobId]]),
        ]) as Record<string, string>,
      }));
    started('');
    const r = await this.core.guard('source face', start);
    started(r ? r.jobId : null);
    if (!r) return;
    const kind = field === 'sourceChecks' ? 'source-check' : 'source-frames';
    this.jobs.trackJob(r.jobId, kind, (outputPath) => {
      void this.core
        .guard('source face', () => load(outputPath))
        .then((result) => {
          if (result) this.core.store.set((st) => ({ [field]: { ...st[field], [key]: result } }));
        });
    });
  }
}
