// The studio controller: every user action, as methods over the store and the API client. Document edits
// go through `commit` so that each is one undoable command (merged when the merge key repeats quickly).
import type { Clip, Project, SwapSettings } from '../../src-shared/project/schema.ts';
import { emptyProject, newClipSettings, updateClip } from '../../src-shared/project/schema.ts';
import {
  findTrack,
  moveKeypoints,
  removeKeyframe,
  withTrackKeyframes,
} from '../../src-shared/project/keyframes.ts';
import type { ApiClient } from '../api/client.ts';
import { Store } from './store.ts';
import { StudioJobs, type StudioCore } from './studio-jobs.ts';
import { activeClip, activeClipInfo, initialState, withViewState, type StudioState } from './studio-state.ts';
import { emptyUndo, pushCommand, redo, undo } from './undo-stack.ts';
import { clampFrame, markIn, markOut, shuttle } from '../timeline/timeline-math.ts';

let nextErrorId = 1;

export class Studio implements StudioCore {
  readonly store = new Store<StudioState>(initialState());
  readonly api: ApiClient;
  private changeTimer: ReturnType<typeof setTimeout> | null = null;
  /** Analysis, previews, depth and renders: the engine jobs (studio-jobs.ts). */
  readonly jobs: StudioJobs = new StudioJobs(this);

  constructor(api: ApiClient) {
    this.api = api;
  }

  get s(): StudioState {
    return this.store.get();
  }

  async init(): Promise<void> {
    this.jobs.listen();
    this.api.on('autosave.saved', () =>
      this.store.set({ status: `Autosaved ${new Date().toLocaleTimeString()}` }),
    );
    this.api.on('menu.command', (m) => void this.menuCommand(m.command, m.path));
    try {
      const info = await this.api.call('app.info', {});
      this.store.set({ version: info.version, capabilities: info.capabilities, home: info.home });
      const { recovery } = await this.api.call('project.untitledRecovery', {});
      if (recovery) this.store.set({ modal: { kind: 'recovery', projectPath: null, ...recovery } });
    } catch (err) {
      this.reportError('startup', err);
    }
  }

  reportError(source: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const entry = { id: nextErrorId++, time: new Date().toLocaleTimeString(), source, message };
    this.store.set((s) => ({ errors: [...s.errors, entry].slice(-200), errorsOpen: true }));
  }

  /** Runs an async action, reporting its failure in the errors panel. */
  async guard<T>(source: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.reportError(source, err);
      return undefined;
    }
  }

  get dirty(): boolean {
    return this.s.project !== this.s.saved;
  }

  // ---- document edits -------------------------------------------------------------------------------------

  commit(label: string, update: (p: Project) => Project, mergeKey: string | null = null): void {
    const before = this.s.project;
    const after = update(before);
    if (after === before) return;
    this.store.set((s) => ({
      project: after,
      undo: pushCommand(s.undo, { label, before, after, mergeKey, time: performance.now() }),
    }));
    this.projectChanged();
  }

  undo(): void {
    const r = undo(this.s.undo);
    if (!r) return;
    this.store.set({ undo: r.stack, project: r.doc, status: `Undo ${r.label}` });
    this.projectChanged();
    this.jobs.refreshPreviewSoon();
  }

  redo(): void {
    const r = redo(this.s.undo);
    if (!r) return;
    this.store.set({ undo: r.stack, project: r.doc, status: `Redo ${r.label}` });
    this.projectChanged();
    this.jobs.refreshPreviewSoon();
  }

  private projectChanged(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      void this.guard('autosave', () =>
        this.api.call('project.changed', { path: this.s.projectPath, project: withViewState(this.s) }),
      );
    }, 300);
  }

  // ---- project files --------------------------------------------------------------------------------------

  async menuCommand(command: string, path?: string): Promise<void> {
    if (command === 'new') this.newProject();
    else if (command === 'open') this.requestOpen();
    else if (command === 'openRecent' && path) await this.openProject(path);
    else if (command === 'save') await this.save();
    else if (command === 'saveAs')
      this.store.set({ modal: { kind: 'browse', purpose: 'save-as', dir: null } });
    else if (command === 'import')
      this.store.set({ modal: { kind: 'browse', purpose: 'import-target', dir: null } });
    else if (command === 'importMedia' && path) await this.importPaths([path]);
    else if (command === 'undo') this.undo();
    else if (command === 'redo') this.redo();
    else if (command === 'export') this.store.set({ modal: { kind: 'export' } });
  }

  newProject(force = false): void {
    if (this.dirty && !force) {
      this.store.set({ modal: { kind: 'confirm-discard', then: 'new' } });
      return;
    }
    const project = emptyProject('Untitled');
    this.store.set({
      project,
      saved: project,
      projectPath: null,
      undo: emptyUndo(),
      ...viewStateOf(project),
      selection: [],
    });
    this.projectChanged();
  }

  requestOpen(force = false): void {
    if (this.dirty && !force) {
      this.store.set({ modal: { kind: 'confirm-discard', then: 'open' } });
      return;
    }
    this.store.set({ modal: { kind: 'browse', purpose: 'open', dir: null } });
  }

  async openProject(path: string): Promise<void> {
    await this.guard('open project', async () => {
      const r = await this.api.call('project.open', { path });
      this.store.set({
        project: r.project,
        saved: r.project,
        projectPath: r.path,
        undo: emptyUndo(),
        ...viewStateOf(r.project),
        selection: [],
        modal: r.recovery ? { kind: 'recovery', projectPath: r.path, ...r.recovery } : null,
        status: r.migratedFrom
          ? `Opened (migrated from project version ${r.migratedFrom})`
          : `Opened ${r.path}`,
      });
      await this.probeAll(r.project);
    });
  }

  acceptRecovery(project: Project, projectPath: string | null): void {
    // The saved snapshot stays the file on disk, so the recovered project shows as unsaved.
    this.store.set(() => ({
      project,
      projectPath,
      undo: emptyUndo(),
      ...viewStateOf(project),
      modal: null,
      status: 'Recovered the autosave (not saved yet)',
    }));
    void this.probeAll(project);
    this.projectChanged();
  }

  async discardRecovery(projectPath: string | null): Promise<void> {
    this.store.set({ modal: null });
    await this.guard('recovery', () => this.api.call('project.discardRecovery', { path: projectPath }));
  }

  async save(): Promise<void> {
    if (!this.s.projectPath) {
      this.store.set({ modal: { kind: 'browse', purpose: 'save-as', dir: null } });
      return;
    }
    await this.saveAs(this.s.projectPath);
  }

  async saveAs(path: string): Promise<void> {
    const target = path.endsWith('.dsproj') ? path : `${path}.dsproj`;
    await this.guard('save', async () => {
      const before = this.s.project;
      const r = await this.api.call('project.save', { path: target, project: withViewState(this.s) });
      // Keep edits made while saving; the saved snapshot is what was written.
      this.store.set((s) => ({
        projectPath: r.path,
        saved: s.project === before ? r.project : s.saved,
        project: s.project === before ? r.project : s.project,
        status: `Saved ${r.path}`,
      }));
    });
  }

  // ---- media ----------------------------------------------------------------------------------------------

  async probeAll(project: Project): Promise<void> {
    for (const item of [...project.clips, ...project.sources]) await this.probe(item.path);
  }

  async probe(path: string) {
    if (this.s.media[path]) return this.s.media[path];
    const info = await this.guard(`probe ${path}`, () => this.api.call('media.probe', { path }));
    if (info) this.store.set((s) => ({ media: { ...s.media, [path]: info } }));
    return info;
  }

  async importMedia(path: string, role: 'target' | 'source'): Promise<void> {
    const info = await this.probe(path);
    if (!info) return;
    if (role === 'target' && info.isImage) {
      this.reportError('import', new Error(`${path} is a still image; a target must be a video clip`));
      return;
    }
    const summary = {
      width: info.width,
      height: info.height,
      frameRate: info.frameRate,
      frameCount: info.frameCount,
      startTimecode: info.startTimecode,
      isImage: info.isImage,
    };
    this.commit(`import ${role}`, (p) => {
      if (role === 'target') {
        if (p.clips.some((c) => c.path === path))
          return { ...p, activeClipId: p.clips.find((c) => c.path === path)!.id };
        const id = `clip-${p.clips.length + 1}-${Date.now().toString(36)}`;
        const clip: Clip = { id, path, analysis: null, media: summary, ...newClipSettings() };
        return { ...p, clips: [...p.clips, clip], activeClipId: id };
      }
      if (p.sources.some((c) => c.path === path)) return p;
      const id = `source-${p.sources.length + 1}-${Date.now().toString(36)}`;
      const kind = info.isImage ? ('image' as const) : ('clip' as const);
      const source = { id, path, kind, frame: 0, analysis: null, media: summary };
      return { ...p, sources: [...p.sources, source], activeSourceId: id };
    });
    if (role === 'target') this.setFrame(0);
  }

  /** Dropped or picked files: projects open, images become source faces, the first clip the target. */
  async importPaths(paths: string[]): Promise<void> {
    for (const p of [...new Set(paths)]) {
      if (p.endsWith('.dsproj')) await this.openProject(p);
      else {
        const info = await this.probe(p);
        if (info)
          await this.importMedia(p, info.isImage || this.s.project.clips.length > 0 ? 'source' : 'target');
      }
    }
  }

  selectClip(id: string): void {
    const from = activeClip(this.s);
    if (from?.id === id) return;
    // Each clip keeps its own playhead: the one left is remembered, the one chosen comes back.
    if (from) this.store.set((s) => ({ playheads: { ...s.playheads, [from.id]: s.frame } }));
    this.commit('select clip', (p) => ({ ...p, activeClipId: id }), 'select-clip');
    const to = this.s.project.clips.find((c) => c.id === id);
    this.store.set({ selection: [], speed: 0 });
    this.setFrame(this.s.playheads[id] ?? to?.playhead ?? 0);
  }

  selectSource(id: string): void {
    this.commit('select source', (p) => ({ ...p, activeSourceId: id }), 'select-source');
  }

  // ---- transport ------------------------------------------------------------------------------------------

  frameCount(): number {
    return activeClipInfo(this.s)?.frameCount ?? activeClip(this.s)?.media?.frameCount ?? 0;
  }

  setFrame(frame: number): void {
    this.store.set({ frame: clampFrame(frame, this.frameCount()) });
  }

  step(delta: number): void {
    this.store.set({ speed: 0 });
    this.setFrame(this.s.frame + delta);
  }

  shuttle(key: 'j' | 'k' | 'l'): void {
    this.store.set((s) => ({ speed: shuttle(s.speed, key) }));
  }

  togglePlay(): void {
    this.store.set((s) => ({ speed: s.speed === 0 ? 1 : 0 }));
  }

  /** Changes the active clip (its marks, interpolation or swap settings) as one undoable command. */
  editClip(label: string, update: (c: Clip) => Clip, mergeKey: string | null = null): void {
    const clip = activeClip(this.s);
    if (!clip) return;
    this.commit(label, (p) => updateClip(p, clip.id, update), mergeKey);
  }

  markIn(): void {
    const f = this.s.frame;
    this.editClip('mark in', (c) => ({ ...c, marks: markIn(c.marks, f) }));
  }

  markOut(): void {
    const f = this.s.frame;
    this.editClip('mark out', (c) => ({ ...c, marks: markOut(c.marks, f) }));
  }

  clearMarks(): void {
    this.editClip('clear in/out', (c) =>
      c.marks.in === null && c.marks.out === null ? c : { ...c, marks: { in: null, out: null } },
    );
  }

  // ---- keypoint edits -------------------------------------------------------------------------------------

  /** Moves the given keypoints by (dx, dy) image pixels at the current frame; `gesture` merges one drag. */
  moveKeypoints(points: number[], dx: number, dy: number, gesture: string): void {
    const clip = activeClip(this.s);
    if (!clip || points.length === 0) return;
    const frame = this.s.frame;
    this.commit(
      points.length === 1 ? `move keypoint ${points[0]}` : `move ${points.length} keypoints`,
      (p) => {
        const track = findTrack(p.tracks, clip.id, 0);
        const current = p.clips.find((c) => c.id === clip.id) ?? clip;
        const keyframes = moveKeypoints(track?.keyframes ?? [], frame, points, dx, dy, current.interpolation);
        return { ...p, tracks: withTrackKeyframes(p.tracks, clip.id, 0, keyframes) };
      },
      gesture,
    );
  }

  deleteKeyframe(frame: number): void {
    const clip = activeClip(this.s);
    if (!clip) return;
    this.commit(`delete keyframe ${frame}`, (p) => {
      const track = findTrack(p.tracks, clip.id, 0);
      if (!track || !track.keyframes.some((k) => k.frame === frame)) return p;
      return {
        ...p,
        tracks: withTrackKeyframes(p.tracks, clip.id, 0, removeKeyframe(track.keyframes, frame)),
      };
    });
  }

  setSwap<K extends keyof SwapSettings>(key: K, value: SwapSettings[K]): void {
    this.editClip(`swap ${key}`, (c) => ({ ...c, swap: { ...c.swap, [key]: value } }), `swap:${key}`);
    this.jobs.refreshPreviewSoon();
  }

  setInterpolation(mode: Clip['interpolation']['mode'], outside: Clip['interpolation']['outside']): void {
    this.editClip('interpolation', (c) => ({ ...c, interpolation: { mode, outside } }));
    this.jobs.refreshPreviewSoon();
  }
}

/** The playhead and zooms a project was saved with (the active clip's playhead becomes `frame`). */
function viewStateOf(project: Project): Pick<StudioState, 'frame' | 'playheads' | 'zooms'> {
  const active = project.clips.find((c) => c.id === project.activeClipId) ?? project.clips[0];
  const zooms: StudioState['zooms'] = {};
  for (const c of project.clips) if (c.zoom) zooms[c.id] = c.zoom;
  return { frame: active?.playhead ?? 0, playheads: {}, zooms };
}
