// THE typed contract between the studio UI and the engine: every method with its zod argument and result
// schemas, and every event. The renderer client (src-renderer/api/client.ts), the Electron IPC handler
// (src-main/shell/ipc.ts) and `depthswap serve` (src-main/server/) are all derived from this one table.
import { z } from 'zod';
import { ProjectSchema, OutputFormatSchema } from '../project/schema.ts';
import { HistoryEntrySchema, MAX_SAVED_HISTORY } from '../project/history.ts';
import {
  CapabilitiesSchema,
  DepthResultSchema,
  CleanupStatusSchema,
  DirEntrySchema,
  JobKindSchema,
  MediaInfoSchema,
  ProgressSchema,
  SourceCheckSchema,
  SourceFramesSchema,
  TrackedFrameSchema,
} from './schemas.ts';
import { QueueJobSchema } from '../queue/schema.ts';

const path = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path cannot contain a NUL character');
const empty = z.object({});
const frame = z.number().int().min(0);

/** `history`: the undo steps that led to the autosaved project (recovery keeps undo). */
export const RecoverySchema = z.object({
  savedAt: z.string(),
  project: ProjectSchema,
  history: z.array(HistoryEntrySchema).default([]),
});

/** Preview I-O at the scrub proxy's size or the clip's. */
export const PreviewResolutionSchema = z.enum(['proxy', 'full']);
export type PreviewResolution = z.infer<typeof PreviewResolutionSchema>;

export const methods = {
  'app.info': {
    args: empty,
    result: z.object({ version: z.string(), capabilities: CapabilitiesSchema, home: z.string() }),
  },
  'fs.list': {
    args: z.object({ dir: path.optional() }),
    result: z.object({ dir: z.string(), parent: z.string().nullable(), entries: z.array(DirEntrySchema) }),
  },
  'media.probe': { args: z.object({ path }), result: MediaInfoSchema },
  'project.open': {
    args: z.object({ path }),
    result: z.object({
      path: z.string(),
      project: ProjectSchema,
      migratedFrom: z.number().nullable(),
      recovery: RecoverySchema.nullable(),
    }),
  },
  'project.save': {
    args: z.object({ path, project: ProjectSchema }),
    result: z.object({ path: z.string(), project: ProjectSchema }),
  },
  /** The open project changed: keep it (and its undo history, newest steps) for the next autosave. */
  'project.changed': {
    args: z.object({
      path: path.nullable(),
      project: ProjectSchema,
      history: z.array(HistoryEntrySchema).max(MAX_SAVED_HISTORY).optional(),
    }),
    result: empty,
  },
  /** A recovery of an untitled project left by a crash, if any. */
  'project.untitledRecovery': { args: empty, result: z.object({ recovery: RecoverySchema.nullable() }) },
  'project.discardRecovery': { args: z.object({ path: path.nullable() }), result: empty },
  'project.recent': { args: empty, result: z.object({ projects: z.array(z.string()) }) },
  'analysis.run': {
    /** `retrack`: re-analyse [start, end) and merge it into the clip's existing analysis ("re-track from here"). */
    args: z.object({
      clipPath: path,
      start: frame.optional(),
      end: frame.optional(),
      retrack: z.boolean().optional(),
    }),
    result: z.object({ jobId: z.string() }),
  },
  'analysis.frames': {
    args: z.object({ analysisPath: path, start: frame, end: frame }),
    /** `version`: the analysis content's version (a hash of the file): it changes with every re-analysis. */
    result: z.object({
      frames: z.array(TrackedFrameSchema),
      shotCuts: z.array(frame),
      version: z.string(),
    }),
  },
  'render.start': {
    args: z.object({
      project: ProjectSchema,
      clipId: z.string().min(1),
      format: OutputFormatSchema,
      start: frame,
      end: frame,
      /** Keep the clip's audio for the range. */
      audio: z.boolean(),
      /** Keep the clip's start timecode, shifted to `start` (false: the output has none). */
      timecode: z.boolean(),
      outPath: path,
      overwrite: z.boolean(),
    }),
    result: z.object({ jobId: z.string() }),
  },
  /**
   * The frame swapped by the same code path as the final render, as a one-frame ProRes 4444: its picture
   * is frame 0 of the job's output, the engine's matte of it the alpha (`frameQuery({..., matte: true})`).
   */
  'swap.preview': {
    args: z.object({ project: ProjectSchema, clipId: z.string().min(1), frame }),
    result: z.object({ jobId: z.string() }),
  },
  /**
   * "Preview I-O": the range [start, end) of the clip swapped by the render path, as ProRes 4444 (matte in
   * the alpha) with the range's audio, in the state folder, for playing in the viewer. A job; `outPath` is
   * where it will be. `resolution`: 'proxy' (default: decoded, swapped and encoded at the scrub proxy's
   * size, longest side 960 px, faster) or 'full' (the clip's size, as the export).
   */
  'swap.previewRange': {
    args: z.object({
      project: ProjectSchema,
      clipId: z.string().min(1),
      start: frame,
      end: frame,
      resolution: PreviewResolutionSchema.default('proxy'),
    }),
    result: z.object({ jobId: z.string(), outPath: z.string() }),
  },
  /**
   * Checks the active source face against the clip's face over [start, end) as the render does (sizes in
   * px, much smaller / turned / eyes closed, or the reason it would be refused): a job whose output is
   * the result (load it with 'source.checkLoad').
   */
  'source.check': {
    args: z.object({ project: ProjectSchema, clipId: z.string().min(1), start: frame, end: frame }),
    result: z.object({ jobId: z.string() }),
  },
  'source.checkLoad': { args: z.object({ path }), result: SourceCheckSchema },
  /**
   * With pose-matched source frames: the source clip frame the render swaps from at each target frame of
   * the clip (the render's own choice, edits applied): a job (it may analyse the source clip) whose output
   * is loaded with 'source.framesLoad'.
   */
  'source.frames': {
    args: z.object({ project: ProjectSchema, clipId: z.string().min(1) }),
    result: z.object({ jobId: z.string() }),
  },
  'source.framesLoad': { args: z.object({ path }), result: SourceFramesSchema },
  /**
   * The review contact sheet of [start, end): `frames` evenly spaced frames, the target above the swapped
   * frame, labelled with frame number and timecode, as a PNG at `outPath` (never over an input; an existing
   * file only with `overwrite`). A job (a render at the proxy's size) whose output is the PNG.
   */
  'swap.contactSheet': {
    args: z.object({
      project: ProjectSchema,
      clipId: z.string().min(1),
      start: frame,
      end: frame,
      outPath: path,
      frames: z.number().int().min(1).max(48).default(12),
      overwrite: z.boolean(),
    }),
    result: z.object({ jobId: z.string() }),
  },
  /** Predicts the source face's depth against the target's keypoints at `frame` (a job; load its output). */
  'depth.run': {
    args: z.object({ project: ProjectSchema, clipId: z.string().min(1), frame }),
    result: z.object({ jobId: z.string() }),
  },
  'depth.load': { args: z.object({ path }), result: DepthResultSchema },
  /**
   * The clip's scrub proxy (all-intra, reduced size, in the state folder): starts making it in the
   * background (a 'proxy' job) and answers its job, or null when it exists already.
   */
  'proxy.make': {
    args: z.object({ clipPath: path }),
    result: z.object({ jobId: z.string().nullable() }),
  },
  /** Whether a file exists (the export dialog asks before replacing one). */
  'fs.stat': {
    args: z.object({ path }),
    result: z.object({
      exists: z.boolean(),
      kind: z.enum(['file', 'dir', 'other']).nullable(),
      size: z.number(),
    }),
  },
  /**
   * Adapts the DepthNet to the active source clip (analysis of all its frames, then `depthnet adapt`; a job
   * whose output is the adapted model folder). Fails with the reason when refused (too few poses, guard).
   */
  'depthnet.adapt': {
    args: z.object({ project: ProjectSchema, steps: z.number().int().min(1).max(100000).optional() }),
    result: z.object({ jobId: z.string() }),
  },
  /** Whether the active source has an adapted model, with its numbers (adapt-report.json) when it has. */
  'depthnet.adaptStatus': {
    args: z.object({ project: ProjectSchema }),
    result: z.object({
      source: z.string().nullable(),
      adapted: z.boolean(),
      summary: z.string().nullable(),
    }),
  },
  /**
   * Trains (or resumes training) the project's cleanup model in `outDir` (a job: progress, cancel; calling
   * it again after a cancel or a restart resumes from the last checkpoint).
   */
  'cleanup.train': {
    args: z.object({
      project: ProjectSchema,
      clipId: z.string().min(1),
      outDir: path,
      steps: z.number().int().positive(),
      size: z.number().int().min(16).max(512).optional(),
      blocks: z.number().int().min(0).max(12).optional(),
      ngf: z.number().int().min(1).max(128).optional(),
      seed: z.number().int().nonnegative().optional(),
      checkpointEvery: z.number().int().positive().optional(),
    }),
    result: z.object({ jobId: z.string() }),
  },
  'cleanup.status': {
    args: z.object({ dir: path, project: ProjectSchema.optional(), clipId: z.string().min(1).optional() }),
    result: CleanupStatusSchema,
  },
  'job.cancel': {
    args: z.object({ jobId: z.string().min(1) }),
    result: z.object({ cancelled: z.boolean() }),
  },
  'shell.reveal': {
    args: z.object({ path }),
    result: z.object({ revealed: z.boolean(), folder: z.string() }),
  },
  /** The persistent render queue (the engine's, in the state folder): every job, queue order then history. */
  'queue.list': {
    args: empty,
    result: z.object({ jobs: z.array(QueueJobSchema), db: z.string(), error: z.string().nullable() }),
  },
  /** Queues a render of the project as it is now, in chunks of `chunkSize` frames (default 50). */
  'queue.add': {
    args: z.object({
      project: ProjectSchema,
      projectPath: path.nullable(),
      clipId: z.string().min(1),
      format: OutputFormatSchema,
      start: frame,
      end: frame,
      audio: z.boolean(),
      timecode: z.boolean(),
      outPath: path,
      overwrite: z.boolean(),
      chunkSize: z.number().int().min(1).optional(),
    }),
    result: z.object({ jobId: z.string() }),
  },
  /** Pause, resume, cancel, retry (a job, or one chunk of it) or remove (from the history) a queued job. */
  'queue.control': {
    args: z.object({
      jobId: z.string().min(1),
      action: z.enum(['pause', 'resume', 'cancel', 'retry', 'remove']),
      chunk: z.number().int().min(0).optional(),
    }),
    result: empty,
  },
  /** Puts the queued jobs in this order (a drag in the queue panel). */
  'queue.reorder': { args: z.object({ ids: z.array(z.string().min(1)) }), result: empty },
} as const;

export const events = {
  'job.progress': z.object({ jobId: z.string(), kind: JobKindSchema, progress: ProgressSchema }),
  'job.done': z.object({ jobId: z.string(), kind: JobKindSchema, outputPath: z.string() }),
  'job.failed': z.object({
    jobId: z.string(),
    kind: JobKindSchema,
    error: z.string(),
    cancelled: z.boolean(),
  }),
  'autosave.saved': z.object({ recoveryPath: z.string() }),
  /** The render queue changed (a job added, a chunk done, progress): every job as 'queue.list' gives them. */
  'queue.changed': z.object({ jobs: z.array(QueueJobSchema) }),
  'menu.command': z.object({
    command: z.enum([
      'new',
      'open',
      'save',
      'saveAs',
      'import',
      'importMedia',
      'undo',
      'redo',
      'export',
      'openRecent',
    ]),
    path: z.string().optional(),
  }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Args<M extends MethodName> = z.infer<Methods[M]['args']>;
export type Result<M extends MethodName> = z.infer<Methods[M]['result']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/** What an API call answers on the wire (IPC and WebSocket alike). */
export const ResponseSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type Response = z.infer<typeof ResponseSchema>;

/** WebSocket frames (`depthswap serve`). */
export const WsRequestSchema = z.object({ id: z.number().int(), method: z.string(), args: z.unknown() });
export const WsServerMessageSchema = z.union([
  z.object({ id: z.number().int(), response: ResponseSchema }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);

/** URL path of a rendered file's review audio (WAV; 204 when it has none): `?path=...`. */
export const AUDIO_PATH = '/api/audio';

export function audioQuery(p: { path: string }): string {
  return `${AUDIO_PATH}?path=${encodeURIComponent(p.path)}`;
}

/** URL path of a frame image (same path under the Electron app:// protocol and over serve's HTTP). */
export const FRAME_PATH = '/api/frame';
/** `matte`: the frame's alpha as a grey PNG (the swap preview's matte) instead of the picture. */
/** `proxy`: from the clip's scrub proxy when it has one (reduced size; the full frame otherwise). */
export function frameQuery(p: {
  path: string;
  index: number;
  maxWidth?: number;
  matte?: boolean;
  proxy?: boolean;
}): string {
  const q = `path=${encodeURIComponent(p.path)}&index=${p.index}`;
  const extra = `${p.maxWidth ? `&maxWidth=${p.maxWidth}` : ''}${p.matte ? '&matte=1' : ''}${p.proxy ? '&proxy=1' : ''}`;
  return `${FRAME_PATH}?${q}${extra}`;
}
