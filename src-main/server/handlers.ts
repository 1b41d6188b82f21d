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
import { clipRenderTag, tagOf } from './render-tag.ts';
import type { RenderJobSpec } from './job-messages.ts';
import type { Project } from '../../src-shared/project/schema.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import { findTrack } from '../../src-shared/project/keyframes.ts';
import { AnalysisFiles, analysisPathFor } from './analysis-files.ts';
import { renderSpecFromProject } from '../../src-shared/render/from-project.ts';
import { PathSet } from './path-set.ts';
import { checkOutputPath } from '../media/output-path.ts';
import { parseJsonText } from '../../src-shared/json-text.ts';
import type { EventPayload } from '../../src-shared/api/contract.ts';

/** Entries fs.list returns at most (a folder of a million files must not stall the engine). */
const MAX_LISTED = 20_000;
import { queueHandlers, studioQueue } from './queue-handlers.ts';
import { adaptHandlers } from './adapt-handlers.ts';
import { depthModelFor } from '../depthnet/adapted-models.ts';
import { cleanupHandlers } from './cleanup-handlers.ts';
import { reviewHandlers } from './review-handlers.ts';

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
  return r ? { savedAt: r.savedAt.toISOString(), project: r.project, history: r.history } : null;
}

export interface StudioBackend {
  handlers: Handlers;
  media: MediaCache;
  dispose(): Promise<void>;
}

export function createHandlers(ctx: HandlerContext): StudioBackend {
  mkdirSync(ctx.stateDir, { recursive: true });
  const media = new MediaCache(ctx.engine, new PathSet([ctx.stateDir]), ctx.stateDir);
  const recentFile = path.join(ctx.stateDir, 'recent.json');
  const autosaver = new Autosaver({
    intervalMs: ctx.autosaveIntervalMs,
    untitledDir: ctx.stateDir,
    onSaved: (recoveryPath) => ctx.emit('autosave.saved', { recoveryPath }),
  });
  autosaver.start();
  // Files the engine wrote this session (render outputs, saved projects): the only ones shown in the file
  // manager. Media the studio imported (probed, in an opened or saved project) or wrote: the only ones the
  // frame route serves (media.reachable, see path-set.ts).
  const written = new PathSet();
  const knowProject = async (project: Project) => {
    for (const m of [...project.clips, ...project.sources]) await media.reachable.add(m.path);
  };
  // A finished proxy is looked up again at once by the frame route.
  const proxyJobs = new Map<string, string>();
  const jobEmit: EventSink = (name, payload) => {
    if (name !== 'job.progress' && 'jobId' in payload) {
      const clip = proxyJobs.get(String(payload.jobId));
      if (clip) {
        proxyJobs.delete(String(payload.jobId));
        media.proxyChanged(clip);
      }
    }
    if (name === 'job.done') {
      const out = (payload as EventPayload<'job.done'>).outputPath;
      void media.reachable.add(out);
      void written.add(out);
    }
    ctx.emit(name, payload);
  };
  const jobs = new JobRunner(ctx.jobWorkerUrl, jobEmit);
  const queue = studioQueue(ctx, [media.reachable, written]);
  const analyses = new AnalysisFiles();
  const unavailable = (reason: string | null): never => {
    throw new Error(reason ?? 'not available');
  };

  const renderJob = (
    project: Project,
    clipId: string,
    kind: 'render' | 'preview',
    start: number,
    end: number,
    out: string,
    format: OutputFormat,
    overwrite: boolean,
    keep: { audio: boolean; timecode: boolean },
  ): RenderJobSpec => ({
    kind,
    spec: renderSpecFromProject(project, {
      projectPath: null,
      clipId,
      range: { start, end },
      preset: { format, ...keep },
      out,
    }),
    modelDir: ctx.modelDir,
    overwrite,
    stateDir: ctx.stateDir,
  });
  /**
   * The analysis content's version (part of a preview's file name: a re-analysis gets a new file, so no
   * cache anywhere can show the old preview under the new keypoints).
   */
  const analysisVersion = async (analysisPath: string | null): Promise<string | null> =>
    analysisPath ? ((await analyses.load(analysisPath).catch(() => null))?.version ?? null) : null;

  const handlers: Handlers = {
    'app.info': async () => ({
      version: ctx.version,
      capabilities: ctx.engine.capabilities(),
      home: ctx.home,
    }),
    'fs.list': async ({ dir }) => {
      // A path from the page is untrusted: absolute only, no NUL (contract), listed without following into
      // anything but the folder itself, bounded in size; errors say "File not found: ..." and no more.
      if (dir !== undefined && !path.isAbsolute(dir)) throw new Error(`not an absolute folder path: ${dir}`);
      const abs = path.resolve(dir ?? ctx.home);
      const st = await stat(abs);
      if (!st.isDirectory()) throw new Error(`not a folder: ${abs}`);
      const names = (await readdir(abs, { withFileTypes: true })).slice(0, MAX_LISTED);
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
    'media.probe': async ({ path: p }): Promise<MediaInfo> => {
      // Probing is how the studio imports a clip or face: from now on its frames may be served.
      const info = await media.info(path.resolve(p));
      await media.reachable.add(path.resolve(p));
      return info;
    },
    'project.open': async ({ path: p }) => {
      const abs = path.resolve(p);
      const { project, migratedFrom } = await readProjectFile(abs);
      await knowProject(project);
      const recovery = await findRecovery(abs, ctx.stateDir);
      autosaver.update(abs, project);
      await addRecent(recentFile, abs);
      return { path: abs, project, migratedFrom, recovery: recoveryJson(recovery) };
    },
    'project.save': async ({ path: p, project }) => {
      const abs = path.resolve(p);
      const saved = await writeProjectFile(abs, project);
      await knowProject(saved);
      await written.add(abs);
      await autosaver.saved(abs, saved);
      await addRecent(recentFile, abs);
      return { path: abs, project: saved };
    },
    'project.changed': async ({ path: p, project, history }) => {
      await knowProject(project);
      autosaver.update(p === null ? null : path.resolve(p), project, history ?? []);
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
      const spec = renderJob(project, clipId, 'render', start, end, out, format, overwrite, {
        audio,
        timecode,
      });
      // Refused now, before a worker starts: never an input, never another kind of file (write-guard.ts).
      await checkOutputPath(out, format, {
        inputs: {
          'target clip': spec.spec.target,
          'source face': spec.spec.source.path,
          analysis: spec.spec.analysis,
        },
        overwrite,
      });
      return { jobId: jobs.start(spec) };
    },
    'swap.preview': async ({ project, clipId, frame }) => {
      const cap = ctx.engine.capabilities().swap;
      if (!cap.available) unavailable(cap.reason);
      const clip = project.clips.find((c) => c.id === clipId);
      const version = await analysisVersion(clip?.analysis ?? null);
      const tag = clipRenderTag(project, clipId, version, [frame]);
      // ProRes 4444: the swapped picture and, in its alpha, the engine's matte for the matte view.
      const out = path.join(ctx.stateDir, 'previews', `preview-${frame}-${tag}.mov`);
      const spec = renderJob(project, clipId, 'preview', frame, frame + 1, out, 'prores-4444', true, {
        audio: false,
        timecode: false,
      });
      return { jobId: jobs.start(spec) };
    },
    'swap.previewRange': async ({ project, clipId, start, end, resolution }) => {
      const cap = ctx.engine.capabilities().swap;
      if (!cap.available) unavailable(cap.reason);
      const clip = project.clips.find((c) => c.id === clipId);
      const version = await analysisVersion(clip?.analysis ?? null);
      const tag = clipRenderTag(project, clipId, version, [start, end]);
      const out = path.join(ctx.stateDir, 'previews', `range-${start}-${end}-${resolution}-${tag}.mov`);
      // The range's audio is kept (the viewer plays it at 1x forward); no timecode is needed to review it.
      const spec = renderJob(project, clipId, 'preview', start, end, out, 'prores-4444', true, {
        audio: true,
        timecode: false,
      });
      return { jobId: jobs.start({ ...spec, resolution }), outPath: out };
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
      const tag = tagOf([
        source.path,
        source.frame,
        clip.analysis,
        frame,
        keyframes,
        clip.interpolation,
        clip.swap.depthModel,
      ]);
      const jobId = jobs.start({
        kind: 'depth',
        source: source.path,
        sourceFrame: source.frame,
        analysisPath: clip.analysis,
        frame,
        keyframes,
        interpolation: clip.interpolation,
        modelDir: depthModelFor(ctx.modelDir, ctx.stateDir, clip.swap, source.path),
        out: path.join(ctx.stateDir, 'depth', `depth-${frame}-${tag}.json`),
      });
      return { jobId };
    },
    'depth.load': async ({ path: p }) => {
      // Only depth results the engine wrote (state folder), and a broken file never quoted.
      const abs = path.resolve(p);
      if (!abs.startsWith(path.join(path.resolve(ctx.stateDir), 'depth') + path.sep))
        throw new Error(`not a depth result of this studio: ${abs}`);
      return DepthResultSchema.parse(parseJsonText(await readFile(abs, 'utf8'), abs));
    },
    'proxy.make': async ({ clipPath }) => {
      const abs = path.resolve(clipPath);
      if (!(await media.reachable.has(abs))) throw new Error(`not a clip of this studio: ${abs}`);
      const info = await media.info(abs);
      if (info.isImage) throw new Error(`${abs} is a still image; a scrub proxy is made for clips`);
      if (await media.proxy(abs)) return { jobId: null };
      const running = [...proxyJobs.entries()].find(([, c]) => c === abs);
      if (running) return { jobId: running[0] };
      const jobId = jobs.start({ kind: 'proxy', clipPath: abs, stateDir: ctx.stateDir });
      proxyJobs.set(jobId, abs);
      return { jobId };
    },
    'fs.stat': async ({ path: p }) => {
      const s = await stat(path.resolve(p)).catch(() => null);
      if (!s) return { exists: false, kind: null, size: 0 };
      return { exists: true, kind: s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other', size: s.size };
    },
    ...adaptHandlers(ctx, jobs),
    ...reviewHandlers(ctx, jobs, analysisVersion),
    'job.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    ...queueHandlers(queue),
    ...cleanupHandlers(ctx, jobs, media.reachable),
    'shell.reveal': async ({ path: p }) => {
      const folder = path.dirname(path.resolve(p));
      if (!(await written.has(path.resolve(p))))
        throw new Error(
          `only files this studio wrote are shown in the file manager (not ${path.resolve(p)})`,
        );
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
      await queue.dispose();
      await jobs.dispose();
      await autosaver.flush();
    },
  };
}
