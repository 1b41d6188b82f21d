// The API handlers: plain async functions over the contract, shared by the Electron shell (IPC) and
// `depthswap serve` (WebSocket). Nothing here knows about Electron or sockets.
import { readdir, readFile, stat } from 'node:fs/promises';
import { DepthResultSchema } from '../../src-shared/api/schemas.ts';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Handlers, EventSink } from './dispatch.ts';
import type { Engine } from './engine.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import { readProjectFile, writeProjectFile } from '../project/project-file.ts';
import { Autosaver, discardRecovery, findRecovery, type Recovery } from '../project/autosave.ts';
import { addRecent, readRecent } from '../project/recent.ts';
import { MediaCache } from './media-cache.ts';
import { JobRunner } from './jobs.ts';
import { createHash } from 'node:crypto';
import type { RenderJobSpec } from './job-messages.ts';
import type { Project } from '../../src-shared/project/schema.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import { findTrack } from '../../src-shared/project/keyframes.ts';
import { AnalysisFiles, analysisPathFor } from './analysis-files.ts';
import { cleanupHandlers } from './cleanup-handlers.ts';

export interface HandlerContext {
  version: string;
  engine: Engine;
  emit: EventSink;
  /** Where untitled projects autosave, and where the recent list lives. */
  stateDir: string;
  home: string;
  autosaveIntervalMs: number;
  /** The shipped DepthNet model folder (resources/models/depthnet). */
  modelDir: string;
  /** The job worker entry (job-worker.ts here, the bundled job-worker.cjs in the Electron app). */
  jobWorkerUrl: URL;
  /** Shows a file in the OS file manager (Electron); absent in the browser. */
  reveal?: (filePath: string) => Promise<void>;
}

function recoveryJson(r: Recovery | null) {
  return r ? { savedAt: r.savedAt.toISOString(), project: r.project } : null;
}

export interface StudioBackend {
  handlers: Handlers;
  media: MediaCache;
  dispose(): Promise<void>;
}

export function createHandlers(ctx: HandlerContext): StudioBackend {
  mkdirSync(ctx.stateDir, { recursive: true });
  const media = new MediaCache(ctx.engine);
  const recentFile = path.join(ctx.stateDir, 'recent.json');
  const autosaver = new Autosaver({
    intervalMs: ctx.autosaveIntervalMs,
    untitledDir: ctx.stateDir,
    onSaved: (recoveryPath) => ctx.emit('autosave.saved', { recoveryPath }),
  });
  autosaver.start();
  const jobs = new JobRunner(ctx.jobWorkerUrl, ctx.emit);
  const analyses = new AnalysisFiles();
  const unavailable = (reason: string | null): never => {
    throw new Error(reason ?? 'not available');
  };

  const renderSpec = (
    project: Project,
    clipId: string,
    kind: 'render' | 'preview',
    start: number,
    end: number,
    out: string,
    format: OutputFormat,
    overwrite: boolean,
    keep: { audio: boolean; timecode: boolean },
  ): RenderJobSpec => {
    const clip = project.clips.find((c) => c.id === clipId);
    if (!clip) throw new Error(`the project has no clip '${clipId}'`);
    const source = project.sources.find((s) => s.id === project.activeSourceId) ?? project.sources[0];
    if (!source) throw new Error('the project has no source face: import one first');
    if (end <= start) throw new Error(`the frame range ${start}-${end - 1} is empty`);
    return {
      kind,
      target: clip.path,
      source: source.path,
      sourceFrame: source.frame,
      out,
      format,
      start,
      end,
      audio: keep.audio,
      timecode: keep.timecode,
      swap: project.swap,
      analysisPath: clip.analysis,
      keyframes: findTrack(project.tracks, clip.id, 0)?.keyframes ?? [],
      interpolation: project.interpolation,
      modelDir: ctx.modelDir,
      overwrite,
      stateDir: ctx.stateDir,
    };
  };

  const handlers: Handlers = {
    'app.info': async () => ({
      version: ctx.version,
      capabilities: ctx.engine.capabilities(),
      home: ctx.home,
    }),
    'fs.list': async ({ dir }) => {
      const abs = path.resolve(dir ?? ctx.home);
      const names = await readdir(abs, { withFileTypes: true });
      const entries = [];
      for (const d of names) {
        if (d.name.startsWith('.')) continue;
        const full = path.join(abs, d.name);
        let kind: 'dir' | 'file' | null = d.isDirectory() ? 'dir' : d.isFile() ? 'file' : null;
        let size = 0;
        if (d.isSymbolicLink() || kind === 'file') {
          try {
            const s = await stat(full);
            kind = s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null;
            size = s.size;
          } catch {
            kind = null;
          }
        }
        if (kind) entries.push({ name: d.name, path: full, kind, size });
      }
      entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
      const parent = path.dirname(abs);
      return { dir: abs, parent: parent === abs ? null : parent, entries };
    },
    'media.probe': async ({ path: p }): Promise<MediaInfo> => media.info(p),
    'project.open': async ({ path: p }) => {
      const abs = path.resolve(p);
      const { project, migratedFrom } = await readProjectFile(abs);
      const recovery = await findRecovery(abs, ctx.stateDir);
      autosaver.update(abs, project);
      await addRecent(recentFile, abs);
      return { path: abs, project, migratedFrom, recovery: recoveryJson(recovery) };
    },
    'project.save': async ({ path: p, project }) => {
      const abs = path.resolve(p);
      const saved = await writeProjectFile(abs, project);
      await autosaver.saved(abs, saved);
      await addRecent(recentFile, abs);
      return { path: abs, project: saved };
    },
    'project.changed': async ({ path: p, project }) => {
      autosaver.update(p === null ? null : path.resolve(p), project);
      return {};
    },
    'project.untitledRecovery': async () => ({
      recovery: recoveryJson(await findRecovery(null, ctx.stateDir)),
    }),
    'project.discardRecovery': async ({ path: p }) => {
      await discardRecovery(p === null ? null : path.resolve(p), ctx.stateDir);
      return {};
    },
    'project.recent': async () => ({ projects: await readRecent(recentFile) }),
    'analysis.run': async ({ clipPath, start, end, retrack }) => {
      const cap = ctx.engine.capabilities().analysis;
      if (!cap.available) unavailable(cap.reason);
      const abs = path.resolve(clipPath);
      const info = await media.info(abs);
      if (info.isImage) throw new Error(`${abs} is a still image; analysis runs on clips`);
      const outPath = analysisPathFor(ctx.stateDir, abs);
      const jobId = jobs.start({
        kind: 'analysis',
        clipPath: abs,
        outPath,
        ...(retrack ? { retrack } : {}),
        ...(start !== undefined ? { start } : {}),
        ...(end !== undefined ? { end } : {}),
      });
      return { jobId };
    },
    'analysis.frames': async ({ analysisPath, start, end }) => analyses.frames(analysisPath, start, end),
    'render.start': async ({ project, clipId, format, start, end, audio, timecode, outPath, overwrite }) => {
      const cap = ctx.engine.capabilities().render;
      if (!cap.available) unavailable(cap.reason);
      const out = path.resolve(outPath);
      const spec = renderSpec(project, clipId, 'render', start, end, out, format, overwrite, {
        audio,
        timecode,
      });
      return { jobId: jobs.start(spec) };
    },
    'swap.preview': async ({ project, clipId, frame }) => {
      const cap = ctx.engine.capabilities().swap;
      if (!cap.available) unavailable(cap.reason);
      const clip = project.clips.find((c) => c.id === clipId);
      const tag = createHash('sha1')
        .update(
          JSON.stringify([
            clip?.path,
            frame,
            project.swap,
            project.activeSourceId,
            project.tracks,
            project.interpolation,
          ]),
        )
        .digest('hex')
        .slice(0, 12);
      // ProRes 4444: the swapped picture and, in its alpha, the engine's matte for the matte view.
      const out = path.join(ctx.stateDir, 'previews', `preview-${frame}-${tag}.mov`);
      const spec = renderSpec(project, clipId, 'preview', frame, frame + 1, out, 'prores-4444', true, {
        audio: false,
        timecode: false,
      });
      return { jobId: jobs.start(spec) };
    },
    'depth.run': async ({ project, clipId, frame }) => {
      const cap = ctx.engine.capabilities().depth;
      if (!cap.available) unavailable(cap.reason);
      const clip = project.clips.find((c) => c.id === clipId);
      if (!clip) throw new Error(`the project has no clip '${clipId}'`);
      if (!clip.analysis)
        throw new Error('run analysis on the clip first: the depth is predicted against its keypoints');
      const source = project.sources.find((s) => s.id === project.activeSourceId) ?? project.sources[0];
      if (!source) throw new Error('the project has no source face: import one first');
      const keyframes = findTrack(project.tracks, clip.id, 0)?.keyframes ?? [];
      const tag = createHash('sha1')
        .update(
          JSON.stringify([source.path, source.frame, clip.analysis, frame, keyframes, project.interpolation]),
        )
        .digest('hex')
        .slice(0, 12);
      const jobId = jobs.start({
        kind: 'depth',
        source: source.path,
        sourceFrame: source.frame,
        analysisPath: clip.analysis,
        frame,
        keyframes,
        interpolation: project.interpolation,
        modelDir: ctx.modelDir,
        out: path.join(ctx.stateDir, 'depth', `depth-${frame}-${tag}.json`),
      });
      return { jobId };
    },
    'depth.load': async ({ path: p }) => DepthResultSchema.parse(JSON.parse(await readFile(p, 'utf8'))),
    'job.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    ...cleanupHandlers(ctx, jobs),
    'shell.reveal': async ({ path: p }) => {
      const folder = path.dirname(path.resolve(p));
      if (!ctx.reveal) return { revealed: false, folder };
      await ctx.reveal(path.resolve(p));
      return { revealed: true, folder };
    },
  };
  return {
    handlers,
    media,
    async dispose() {
      autosaver.stop();
      await jobs.dispose();
      await autosaver.flush();
    },
  };
}
