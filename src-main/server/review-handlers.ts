// API handlers of the studio's review aids: the source-face check (run when a source is chosen and in the
// export dialog), the pose-matched source frame per target frame, and the contact sheet of the export
// dialog. Both are jobs over the render spec the export
// would use (src-shared/render/from-project.ts); the work is the engine's (render/source-report.ts,
// swap/contact-sheet.ts through the render engine).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { clipRenderTag, tagOf } from './render-tag.ts';
import type { Handlers } from './dispatch.ts';
import type { HandlerContext } from './handlers.ts';
import type { JobRunner } from './jobs.ts';
import { SourceCheckSchema, SourceFramesSchema } from '../../src-shared/api/schemas.ts';
import { renderSpecFromProject } from '../../src-shared/render/from-project.ts';
import { parseJsonText } from '../../src-shared/json-text.ts';
import { checkSheetPath } from '../swap/contact-sheet.ts';

/** A name for a state-folder file made from `parts` (a changed input gets a new file). */
export function reviewHandlers(
  ctx: HandlerContext,
  jobs: JobRunner,
  analysisVersion: (analysisPath: string | null) => Promise<string | null>,
): Pick<
  Handlers,
  'source.check' | 'source.checkLoad' | 'source.frames' | 'source.framesLoad' | 'swap.contactSheet'
> {
  const checkDir = path.join(path.resolve(ctx.stateDir), 'source-check');
  const framesDir = path.join(path.resolve(ctx.stateDir), 'source-frames');
  return {
    'source.check': async ({ project, clipId, start, end }) => {
      const dummy = path.join(ctx.stateDir, 'previews', 'source-check.mov');
      const spec = renderSpecFromProject(project, {
        projectPath: null,
        clipId,
        range: { start, end },
        preset: { format: 'prores-hq', audio: false, timecode: false },
        out: dummy,
      });
      const version = await analysisVersion(spec.analysis);
      const tag = tagOf([
        spec.source,
        spec.target,
        version,
        spec.range,
        spec.keyframes,
        spec.swap.sourceFrames,
      ]);
      const out = path.join(checkDir, `check-${start}-${end}-${tag}.json`);
      return { jobId: jobs.start({ kind: 'source-check', spec, stateDir: ctx.stateDir, out }) };
    },
    'source.checkLoad': async ({ path: p }) => {
      // Only results the engine wrote (state folder), and a broken file never quoted.
      const abs = path.resolve(p);
      if (!abs.startsWith(checkDir + path.sep)) throw new Error(`not a source check of this studio: ${abs}`);
      return SourceCheckSchema.parse(parseJsonText(await readFile(abs, 'utf8'), abs));
    },
    'source.frames': async ({ project, clipId }) => {
      const clip = project.clips.find((c) => c.id === clipId);
      if (!clip) throw new Error(`the project has no clip '${clipId}'`);
      const count = clip.media?.frameCount;
      if (!count) throw new Error(`the project does not know the length of clip '${clipId}'`);
      const spec = renderSpecFromProject(project, {
        projectPath: null,
        clipId,
        range: { start: 0, end: count },
        preset: { format: 'prores-hq', audio: false, timecode: false },
        out: path.join(ctx.stateDir, 'previews', 'source-frames.mov'),
      });
      const version = await analysisVersion(spec.analysis);
      const tag = tagOf([
        spec.source.path,
        spec.target,
        version,
        spec.keyframes,
        spec.interpolation,
        spec.swap.mirror,
      ]);
      const out = path.join(framesDir, `frames-${tag}.json`);
      return { jobId: jobs.start({ kind: 'source-frames', spec, stateDir: ctx.stateDir, out }) };
    },
    'source.framesLoad': async ({ path: p }) => {
      const abs = path.resolve(p);
      if (!abs.startsWith(framesDir + path.sep))
        throw new Error(`not a source-frames result of this studio: ${abs}`);
      return SourceFramesSchema.parse(parseJsonText(await readFile(abs, 'utf8'), abs));
    },
    'swap.contactSheet': async ({ project, clipId, start, end, outPath, frames, overwrite }) => {
      const cap = ctx.engine.capabilities().swap;
      if (!cap.available) throw new Error(cap.reason ?? 'the swap is not available');
      const sheet = path.resolve(outPath);
      const clip = project.clips.find((c) => c.id === clipId);
      const version = await analysisVersion(clip?.analysis ?? null);
      // Keyed like the preview range (interpolation included: a changed one must not reuse a stale sheet).
      const tag = clipRenderTag(project, clipId, version, [start, end]);
      // The swapped frames at the proxy's size: the sheet's cells are 320 px wide.
      const video = path.join(ctx.stateDir, 'previews', `sheet-${start}-${end}-${tag}.mov`);
      const spec = renderSpecFromProject(project, {
        projectPath: null,
        clipId,
        range: { start, end },
        preset: { format: 'prores-hq', audio: false, timecode: false },
        out: video,
      });
      // Refused now, before a worker starts: a .png, never an input or another kind of file (write-guard.ts).
      await checkSheetPath(
        sheet,
        {
          'target clip': spec.target,
          'source face': spec.source.path,
          ...(spec.analysis ? { analysis: spec.analysis } : {}),
        },
        overwrite,
      );
      const jobId = jobs.start({
        kind: 'contact-sheet',
        spec,
        modelDir: ctx.modelDir,
        overwrite: true,
        stateDir: ctx.stateDir,
        resolution: 'proxy',
        contactSheet: { path: sheet, frames },
      });
      return { jobId };
    },
  };
}
