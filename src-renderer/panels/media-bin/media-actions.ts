// The media bin's actions: probing, importing target clips and source faces (each new clip with its own
// marks, playhead and settings), choosing the active clip (its playhead comes back) and source.
import type { MediaInfo } from '../../../src-shared/media.ts';
import { newClipSettings, type Clip } from '../../../src-shared/project/schema.ts';
import type { StudioCore } from '../../state/studio-core.ts';
import { activeClip } from '../../state/studio-state.ts';
import { plainImportError } from './import-errors.ts';

export class MediaActions {
  private readonly core: StudioCore;
  private readonly setFrame: (frame: number) => void;
  private readonly openProject: (path: string) => Promise<void>;
  private readonly ensureProxy: (clipPath: string) => Promise<void>;

  constructor(
    core: StudioCore,
    hooks: {
      setFrame: (f: number) => void;
      openProject: (p: string) => Promise<void>;
      ensureProxy: (clipPath: string) => Promise<void>;
    },
  ) {
    this.core = core;
    this.setFrame = hooks.setFrame;
    this.openProject = hooks.openProject;
    this.ensureProxy = hooks.ensureProxy;
  }

  /** Probes every clip and source of the project; each clip gets its scrub proxy (made in the background). */
  async probeAll(): Promise<void> {
    const p = this.core.s.project;
    for (const item of [...p.clips, ...p.sources]) await this.probe(item.path);
    for (const clip of p.clips) if (this.core.s.media[clip.path]) void this.ensureProxy(clip.path);
  }

  /** The media facts of `path`, or the plain reason it cannot be used (also in the Errors panel). */
  async probeOrReason(path: string): Promise<{ info: MediaInfo } | { reason: string }> {
    const known = this.core.s.media[path];
    if (known) return { info: known };
    try {
      const info = await this.core.api.call('media.probe', { path });
      this.core.store.set((s) => ({ media: { ...s.media, [path]: info } }));
      return { info };
    } catch (err) {
      const reason = plainImportError(path, err);
      this.core.reportError('import', new Error(reason));
      return { reason };
    }
  }

  async probe(path: string): Promise<MediaInfo | undefined> {
    const r = await this.probeOrReason(path);
    return 'info' in r ? r.info : undefined;
  }

  /** Imports `path` as a target clip or a source face; answers null, or the plain reason it was refused. */
  async importMedia(path: string, role: 'target' | 'source'): Promise<string | null> {
    const r = await this.probeOrReason(path);
    if ('reason' in r) return r.reason;
    const info = r.info;
    if (role === 'target' && info.isImage) {
      const reason = `A still image cannot be a target clip (import it as a source face): ${path}`;
      this.core.reportError('import', new Error(reason));
      return reason;
    }
    const summary = {
      width: info.width,
      height: info.height,
      frameRate: info.frameRate,
      frameCount: info.frameCount,
      startTimecode: info.startTimecode,
      isImage: info.isImage,
    };
    const before = activeClip(this.core.s);
    this.core.commit(`import ${role}`, (p) => {
      if (role === 'target') {
        const existing = p.clips.find((c) => c.path === path);
        if (existing) return { ...p, activeClipId: existing.id };
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
    if (role === 'target') {
      this.switchedFrom(before);
      void this.ensureProxy(path);
    }
    return null;
  }

  /** Dropped or picked files: projects open, images become source faces, the first clip the target. */
  async importPaths(paths: string[]): Promise<void> {
    for (const p of [...new Set(paths)]) {
      if (p.endsWith('.dsproj')) await this.openProject(p);
      else {
        const info = await this.probe(p);
        if (info)
          await this.importMedia(
            p,
            info.isImage || this.core.s.project.clips.length > 0 ? 'source' : 'target',
          );
      }
    }
  }

  selectClip(id: string): void {
    const from = activeClip(this.core.s);
    if (from?.id === id) return;
    this.core.commit('select clip', (p) => ({ ...p, activeClipId: id }), 'select-clip');
    this.switchedFrom(from);
  }

  /** After the active clip changed: the one left keeps its playhead, the one chosen gets its own back. */
  private switchedFrom(from: Clip | null): void {
    const to = activeClip(this.core.s);
    if (!to || to.id === from?.id) return;
    const leftAt = this.core.s.frame;
    this.core.store.set((s) => ({
      playheads: from ? { ...s.playheads, [from.id]: leftAt } : s.playheads,
      selection: [],
      speed: 0,
    }));
    this.setFrame(this.core.s.playheads[to.id] ?? to.playhead);
  }

  selectSource(id: string): void {
    this.core.commit('select source', (p) => ({ ...p, activeSourceId: id }), 'select-source');
  }
}
