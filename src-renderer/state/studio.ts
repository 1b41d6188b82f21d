// The studio controller: the one store and undo stack, errors, project files, and the panels' actions
// (each panel's own actions live in its folder: panels/<feature>/). Document edits of every panel go
// through `commit`, so each is one undoable command on the one stack (merged when the merge key repeats
// quickly).
import type { Project } from '../../src-shared/project/schema.ts';
import { emptyProject } from '../../src-shared/project/schema.ts';
import { MAX_SAVED_HISTORY, type HistoryEntry } from '../../src-shared/project/history.ts';
import type { ApiClient } from '../api/client.ts';
import { Store } from './store.ts';
import type { StudioCore } from './studio-core.ts';
import { StudioJobs } from './studio-jobs.ts';
import { initialState, withViewState, type StudioState } from './studio-state.ts';
import { emptyUndo, pushCommand, redo, undo, type UndoState } from './undo-stack.ts';
import { TimelineActions } from '../panels/timeline/timeline-actions.ts';
import { ClipActions } from '../panels/inspector/clip-actions.ts';
import { MediaActions } from '../panels/media-bin/media-actions.ts';
import { ReviewActions } from '../panels/viewer/review-actions.ts';
import { SourceCheckActions } from '../panels/source-check/source-check-actions.ts';

let nextErrorId = 1;

export class Studio implements StudioCore {
  readonly store = new Store<StudioState>(initialState());
  readonly api: ApiClient;
  private changeTimer: ReturnType<typeof setTimeout> | null = null;
  /** Analysis, previews, depth and renders: the engine jobs (studio-jobs.ts). */
  readonly jobs: StudioJobs = new StudioJobs(this);
  /** Preview I-O and playing rendered ranges in the viewer (panels/viewer). */
  readonly review: ReviewActions = new ReviewActions(this, this.jobs);
  /** The active source face checked against a clip as the render checks it (panels/source-check). */
  readonly sourceCheck: SourceCheckActions = new SourceCheckActions(this, this.jobs);
  /** Playhead, transport, marks, zoom (panels/timeline); J/K/L act on the review while one plays. */
  readonly timeline: TimelineActions = new TimelineActions(this, this.review);
  /** Keypoint edits, interpolation and swap settings of the active clip (panels/inspector). */
  readonly clip: ClipActions = new ClipActions(this, () => this.jobs.refreshPreviewSoon());
  /** Import, probe, active clip and source (panels/media-bin). */
  readonly media: MediaActions = new MediaActions(this, {
    setFrame: (f) => this.timeline.setFrame(f),
    openProject: (p) => this.openProject(p),
    ensureProxy: (p) => this.jobs.ensureProxy(p),
  });

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
      if (recovery) {
        this.store.set({ modal: { kind: 'recovery', projectPath: null, ...recovery } });
        return;
      }
      // The last project reopens, at its playhead and zoom.
      const { projects } = await this.api.call('project.recent', {});
      const last = projects[0];
      if (last && this.s.project.clips.length === 0 && !this.s.projectPath) await this.openProject(last);
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

  // ---- document edits: the one undo stack ------------------------------------------------------------------

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

  /** The autosave gets the project (with playheads and zoom) and the undo history, so recovery keeps both. */
  private projectChanged(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      void this.guard('autosave', () =>
        this.api.call('project.changed', {
          path: this.s.projectPath,
          project: withViewState(this.s),
          history: historyOf(this.s.undo),
        }),
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
    else if (command === 'importMedia' && path) await this.media.importPaths([path]);
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
      await this.media.probeAll();
    });
  }

  /** Takes the autosave: its project and its undo history (the saved snapshot stays the file on disk). */
  acceptRecovery(project: Project, projectPath: string | null, history: HistoryEntry[] = []): void {
    this.store.set(() => ({
      project,
      projectPath,
      undo: {
        past: history.map((h) => ({ ...h, mergeKey: null, time: 0 })),
        future: [],
      },
      ...viewStateOf(project),
      modal: null,
      status: 'Recovered the autosave (not saved yet)',
    }));
    void this.media.probeAll();
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
}

/** The playhead and zooms a project was saved with (the active clip's playhead becomes `frame`). */
function viewStateOf(project: Project): Pick<StudioState, 'frame' | 'playheads' | 'zooms' | 'speed'> {
  const active = project.clips.find((c) => c.id === project.activeClipId) ?? project.clips[0];
  const zooms: StudioState['zooms'] = {};
  for (const c of project.clips) if (c.zoom) zooms[c.id] = c.zoom;
  return { frame: active?.playhead ?? 0, playheads: {}, zooms, speed: 0 };
}

/** The undo history as the autosave keeps it (the newest steps; redo is not kept). */
function historyOf(stack: UndoState<Project>): HistoryEntry[] {
  return stack.past.slice(-MAX_SAVED_HISTORY).map(({ label, before, after }) => ({ label, before, after }));
}
