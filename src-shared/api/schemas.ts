// Zod schemas of the values that cross the API (media facts, progress, file listings, face tracks).
import { z } from 'zod';
import type { MediaInfo } from '../media.ts';
import type { Progress } from '../progress.ts';
import { RationalSchema } from '../project/schema.ts';

export const MediaInfoSchema = z.object({
  path: z.string(),
  container: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  frameRate: RationalSchema,
  frameCount: z.number().int().min(0),
  durationSeconds: z.number(),
  videoStartSeconds: z.number(),
  startTimecode: z.string().nullable(),
  videoCodec: z.string(),
  videoProfile: z.string().nullable(),
  pixelFormat: z.string(),
  color: z.object({
    primaries: z.string().nullable(),
    transfer: z.string().nullable(),
    matrix: z.string().nullable(),
    range: z.enum(['tv', 'pc']).nullable(),
  }),
  rotation: z.number(),
  audio: z.array(
    z.object({
      index: z.number().int(),
      codec: z.string(),
      sampleRate: z.number(),
      channels: z.number().int(),
      channelLayout: z.string().nullable(),
    }),
  ),
  isImage: z.boolean(),
}) satisfies z.ZodType<MediaInfo>;

export const ProgressSchema = z.object({
  stage: z.string(),
  done: z.number(),
  total: z.number(),
  rate: z.number(),
  etaSeconds: z.number().nullable(),
  message: z.string().optional(),
}) satisfies z.ZodType<Progress>;

export const DirEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['dir', 'file']),
  size: z.number(),
});
export type DirEntry = z.infer<typeof DirEntrySchema>;

export const PointSchema = z.tuple([z.number(), z.number()]);

/** The tracked face of one frame: 68 keypoints (image pixels) and the tracker's confidence 0..1. */
export const TrackedFrameSchema = z.object({
  frame: z.number().int().min(0),
  keypoints: z.array(PointSchema).length(68).nullable(),
  confidence: z.number(),
});
export type TrackedFrame = z.infer<typeof TrackedFrameSchema>;

/** Why a capability of the engine is not available (not built yet, model missing, ...), or null. */
export const CapabilitySchema = z.object({ available: z.boolean(), reason: z.string().nullable() });
export type Capability = z.infer<typeof CapabilitySchema>;

export const CapabilitiesSchema = z.object({
  media: CapabilitySchema,
  analysis: CapabilitySchema,
  depth: CapabilitySchema,
  swap: CapabilitySchema,
  render: CapabilitySchema,
  /** Native dialogs and 'reveal in file manager' (Electron shell only). */
  nativeShell: CapabilitySchema,
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

export const JobKindSchema = z.enum([
  'analysis',
  'render',
  'preview',
  'depth',
  'proxy',
  'adapt',
  'cleanup-train',
  'source-check',
  'contact-sheet',
  'source-frames',
]);
export type JobKind = z.infer<typeof JobKindSchema>;

/** A cleanup model folder as the studio's Cleanup panel shows it (read from its files; no TF.js). */
export const CleanupStatusSchema = z.object({
  exists: z.boolean(),
  /** Steps trained (the latest checkpoint's), and the budget of the run. */
  steps: z.number().int().nonnegative(),
  stepsPlanned: z.number().int().nonnegative().nullable(),
  size: z.number().int().positive().nullable(),
  /** Loss history (every 10 steps): step, G, D, cycle, identity. */
  history: z.array(
    z.object({ step: z.number(), g: z.number(), d: z.number(), cycle: z.number(), identity: z.number() }),
  ),
  /** The latest sample sheet PNG (rows A, G(A), real B), or null. */
  samplePath: z.string().nullable(),
  /** Trained on this project's clip (false: another clip; null: unknown). */
  sameClip: z.boolean().nullable(),
});
export type CleanupStatus = z.infer<typeof CleanupStatusSchema>;

/** What the depth view shows: the source face's keypoints (source pixels) and DepthNet's depth for each. */
export const DepthResultSchema = z.object({
  source: z.string(),
  sourceFrame: z.number().int().min(0),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The target frame whose keypoints the depth was predicted against. */
  frame: z.number().int().min(0),
  keypoints: z.array(PointSchema).length(68),
  depth: z.array(z.number()).length(68),
});
export type DepthResult = z.infer<typeof DepthResultSchema>;

/**
 * The active source face checked against a clip's face over a range, as the render checks it
 * (src-main/render/source-report.ts): sizes in pixels and the warnings (much smaller, turned, eyes closed),
 * or `refused` with the reason the render would refuse it for (no face, only a profile).
 */
export const SourceCheckSchema = z.object({
  source: z.string(),
  sourceFrame: z.number().int().min(0),
  range: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }),
  /** Size of the source face (sqrt of its keypoints' box area), px; null when refused. */
  sizePx: z.number().nullable(),
  /** Median size of the clip's face over the range, px; null when the clip is not analysed there. */
  targetSizePx: z.number().nullable(),
  warnings: z.array(z.string()),
  refused: z.string().nullable(),
});
export type SourceCheck = z.infer<typeof SourceCheckSchema>;

const SourcePickSchema = z.object({ frame: z.number().int().min(0), mirrored: z.boolean() });

/**
 * Pose-matched source frames of a clip's swap (src-main/render/source-frames-report.ts): for each target
 * frame of the clip's face, the source clip frame the render swaps from (mirrored or not), and during a
 * cross-fade the previous pick with its weight.
 */
export const SourceFramesSchema = z.object({
  source: z.string(),
  /** Source clip frames with a face, considered. */
  candidates: z.number().int().min(0),
  perFrame: z.record(
    z.string().regex(/^\d+$/),
    SourcePickSchema.extend({ fade: SourcePickSchema.extend({ weight: z.number() }).nullable() }),
  ),
});
export type SourceFrames = z.infer<typeof SourceFramesSchema>;
