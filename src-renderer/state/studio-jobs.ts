// Engine jobs of the studio: analysis (and re-track) with the tracked keypoints it yields, swap previews,
// depth predictions, and the progress, cancel and reveal of every job. Owned by the Studio controller
// (studio.ts), whose store, API client and undoable commit it uses.
import type { Project } from '../../src-shared/project/schema.ts';
import type { StudioCore } from './studio-core.ts';
import type { ApiClient } from '../api/client.ts';
import type { Store } from './store.ts';
import {
  activeClip,
  clipPreviewKey,
  previewProject,
  type JobState,
  type StudioState,
} from './studio-state.ts';

export class StudioJobs {
  private readonly core: StudioCore;
  /** Analysis jobs -> the clip they analyse. */
  private readonly analysisJobs = new Map<string, string>();
  private readonly trackedWindows = new Set<string>();
  /** Preview jobs -> the preview key (studio-state.ts) of what they render. */
  private readonly previewJobs = new Map<string, string>();
  private previewTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly depthJobs = new Set<string>();
  /** Callbacks for when a job is done (its output path). */
  private readonly onDone = new Map<string, (outputPath: string) => void>();
  /** Proxy jobs -> the clip they make the scrub proxy of. */
  private readonly proxyJobs = new Map<string, string>();

  constructor(core: StudioCore) {
    this.core = core;
  }

  private get s(): StudioState {
    return this.core.s;
  }

  private get store(): Store<StudioState> {
    return this.core.store;
  }

  private get api(): ApiClient {
    return this.core.api;
  }

  private guard<T>(source: string, fn: () => Promise<T>): Promise<T | undefined> {
    return this.core.guard(source, fn);
  }

  private commit(label: string, update: (p: Project) => Project): void {
    this.core.commit(label, update);
  }

  private reportError(source: string, err: unknown): void {
    this.core.reportError(source, err);
  }

  /** Follows the engine's job events. */
  listen(): void {
    this.api.on('job.progress', (p) => this.updateJob(p.jobId, { kind: p.kind, progress: p.progress }));
    this.api.on('job.done', (p) => {
      this.updateJob(p.jobId, { kind: p.kind, status: 'done', outputPath: p.outputPath });
      const clipId = this.analysisJobs.get(p.jobId);
      if (clipId) this.analysisDone(clipId, p.outputPath);
      if (this.depthJobs.delete(p.jobId)) void this.showDepth(p.outputPath);
      this.proxyEnded(p.jobId, 'ready');
      const then = this.onDone.get(p.jobId);
      this.onDone.delete(p.jobId);
      then?.(p.outputPath);
      const key = this.previewJobs.get(p.jobId);
      if (key !== undefined) {
        this.previewJobs.delete(p.jobId);
        this.store.set((s) => ({ previews: { ...s.previews, [key]: p.outputPath } }));
      }
    });
    this.api.on('job.failed', (p) => {
      this.updateJob(p.jobId, { kind: p.kind, status: p.cancelled ? 'cancelled' : 'failed', error: p.error });
      this.proxyEnded(p.jobId, 'failed');
      this.onDone.delete(p.jobId);
      if (!p.cancelled) this.reportError(p.kind, new Error(p.error));
    });
  }

  // ---- scrub proxies ------------------------------------------------------------------------------------------

  /** Makes the clip's scrub proxy in the background (the engine answers at once when it exists). */
  async ensureProxy(clipPath: string): Promise<void> {
    const known = this.s.proxies[clipPath];
    if (known && known.status !== 'failed') return;
    const r = await this.guard('scrub proxy', () => this.api.call('proxy.make', { clipPath }));
    if (!r) return;
    const entry =
      r.jobId === null
        ? { status: 'ready' as const, jobId: null }
        : { status: 'making' as const, jobId: r.jobId };
    this.store.set((s) => ({ proxies: { ...s.proxies, [clipPath]: entry } }));
    if (r.jobId !== null) {
      this.proxyJobs.set(r.jobId, clipPath);
      this.trackJob(r.jobId, 'proxy');
    }
  }

  private proxyEnded(jobId: string, status: 'ready' | 'failed'): void {
    const clipPath = this.proxyJobs.get(jobId);
    if (clipPath === undefined) return;
    this.proxyJobs.delete(jobId);
    this.store.set((s) => ({ proxies: { ...s.proxies, [clipPath]: { status, jobId } } }));
  }

  // ---- analysis -------------------------------------------------------------------------------------------

  async runAnalysis(): Promise<void> {
    const clip = activeClip(this.s);
    if (!clip) return;
    const r = await this.guard('analysis', () => this.api.call('analysis.run', { clipPath: clip.path }));
    if (!r) return;
    this.analysisJobs.set(r.jobId, clip.id);
    this.trackJob(r.jobId, 'analysis');
  }

  /** Re-analyses from the current frame to the end and merges it into the clip's analysis. */
  async retrackFromHere(): Promise<void> {
    const clip = activeClip(this.s);
    if (!clip?.analysis) return;
    const start = this.s.frame;
    const r = await this.guard('re-track', () =>
      this.api.call('analysis.run', { clipPath: clip.path, start, retrack: true }),
    );
    if (!r) return;
    this.analysisJobs.set(r.jobId, clip.id);
    this.trackJob(r.jobId, 'analysis');
  }

  private analysisDone(clipId: string, analysisPath: string): void {
    const current = this.s.project.clips.find((c) => c.id === clipId);
    if (current?.analysis !== analysisPath) {
      this.commit('analysis', (p) => ({
        ...p,
        clips: p.clips.map((c) => (c.id === clipId ? { ...c, analysis: analysisPath } : c)),
      }));
    }
    const clip = this.s.project.clips.find((c) => c.id === clipId);
    if (clip) {
      // The file's content changed: until its new version is known no preview of it matches.
      this.store.set((s) => ({
        tracked: { ...s.tracked, [clip.path]: {} },
        analysisVersions: Object.fromEntries(
          Object.entries(s.analysisVersions).filter(([p]) => p !== analysisPath),
        ),
      }));
      for (const key of [...this.trackedWindows])
        if (key.startsWith(`${clip.path}\u0000`)) this.trackedWindows.delete(key);
      void this.loadTrackedAround(this.s.frame);
    }
  }

  /** Loads the tracked keypoints of the window of frames around `frame` (600-frame windows, cached). */
  async loadTrackedAround(frame: number): Promise<void> {
    const clip = activeClip(this.s);
    if (!clip?.analysis) return;
    const WINDOW = 600;
    const start = Math.floor(frame / WINDOW) * WINDOW;
    const key = `${clip.path}\u0000${clip.analysis}\u0000${start}`;
    if (this.trackedWindows.has(key)) return;
    this.trackedWindows.add(key);
    const analysisPath = clip.analysis;
    const r = await this.guard('keypoints', () =>
      this.api.call('analysis.frames', { analysisPath, start, end: start + WINDOW }),
    );
    if (!r) {
      this.trackedWindows.delete(key);
      return;
    }
    const versionChanged = this.s.analysisVersions[analysisPath] !== r.version;
    this.store.set((s) => {
      const byFrame = { ...(s.tracked[clip.path] ?? {}) };
      for (const f of r.frames) byFrame[f.frame] = f;
      return {
        tracked: { ...s.tracked, [clip.path]: byFrame },
        cuts: { ...s.cuts, [clip.path]: r.shotCuts },
        analysisVersions: { ...s.analysisVersions, [analysisPath]: r.version },
      };
    });
    // New keypoints (a re-analysis): the preview of the old ones is gone; make the new one if shown.
    if (versionChanged) this.refreshPreviewSoon();
  }

  // ---- jobs -----------------------------------------------------------------------------------------------

  private updateJob(jobId: string, patch: Partial<StudioState['jobs'][string]>): void {
    this.store.set((s) => {
      const prev = s.jobs[jobId] ?? {
        jobId,
        kind: patch.kind ?? 'render',
        status: 'running' as const,
        progress: null,
        outputPath: null,
        error: null,
      };
      return { jobs: { ...s.jobs, [jobId]: { ...prev, ...patch } } };
    });
  }

  /**
   * Swaps the current frame through the engine's render path; shown in the 'swapped' view (or, when the
   * matte view is on, its matte; in the 'cleaned' view, with the clip's cleanup model applied).
   */
  async previewSwap(): Promise<void> {
    const clip = activeClip(this.s);
    if (!clip) return;
    const frame = this.s.frame;
    const keep = this.s.viewMode === 'matte' || (this.s.viewMode === 'cleaned' && !!clip.swap.cleanupModel);
    const mode = keep ? this.s.viewMode : 'swapped';
    const project = previewProject(this.s.project, clip.id, mode);
    const key = clipPreviewKey(this.s, clip.id, frame, mode);
    this.store.set({ viewMode: mode });
    // Already rendered with these settings and edits (e.g. after an undo): shown at once.
    if (this.s.previews[key] !== undefined) return;
    const r = await this.guard('swap preview', () =>
      this.api.call('swap.preview', { project, clipId: clip.id, frame }),
    );
    if (!r) return;
    this.previewJobs.set(r.jobId, key);
    this.trackJob(r.jobId, 'preview');
  }

  /** While the swapped or matte view is on, a settings change re-renders the preview (debounced). */
  refreshPreviewSoon(): void {
    if (this.s.viewMode === 'original') return;
    if (this.previewTimer) clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => {
      this.previewTimer = null;
      // The user may have left the swapped / matte view meanwhile.
      if (this.s.viewMode !== 'original') void this.previewSwap();
    }, 700);
  }

  /** Predicts the source face's depth against this frame's keypoints, then opens the depth view. */
  async runDepth(): Promise<void> {
    const clip = activeClip(this.s);
    if (!clip) return;
    const frame = this.s.frame;
    const r = await this.guard('depth', () =>
      this.api.call('depth.run', { project: this.s.project, clipId: clip.id, frame }),
    );
    if (!r) return;
    this.depthJobs.add(r.jobId);
    this.trackJob(r.jobId, 'depth');
  }

  private async showDepth(path: string): Promise<void> {
    const result = await this.guard('depth view', () => this.api.call('depth.load', { path }));
    if (result) this.store.set({ depthResult: result });
  }

  /** Follows a job in the studio (progress, cancel); `then` runs with its output when it is done. */
  trackJob(jobId: string, kind: JobState['kind'], then?: (outputPath: string) => void): void {
    this.updateJob(jobId, { kind, status: 'running' });
    if (then) this.onDone.set(jobId, then);
  }

  async cancelJob(jobId: string): Promise<void> {
    await this.guard('cancel', () => this.api.call('job.cancel', { jobId }));
  }

  async reveal(path: string): Promise<void> {
    const r = await this.guard('reveal', () => this.api.call('shell.reveal', { path }));
    if (r && !r.revealed) this.store.set({ status: `The file is in ${r.folder}` });
  }
}
