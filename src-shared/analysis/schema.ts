// The analysis file: versioned JSON, validated with zod on load. Frame-major: `frames["<f>"].faces[]`, each
// face tagged with its track id, so a script reads frame f / track t as
//   analysis.frames[String(f)]?.faces.find((face) => face.track === t)?.keypoints   // 68 [x, y], iBUG order
import { z } from 'zod';
import { parseJsonText } from '../json-text.ts';

export const ANALYSIS_FORMAT = 'depthswap-analysis';
export const ANALYSIS_VERSION = 1;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
export const pointSchema = z.tuple([finite, finite]);
export const keypointsSchema = z.array(pointSchema).length(68);
export const boxSchema = z.tuple([finite, finite, finite, finite]);

export const faceEntrySchema = z.object({
  /** Track id (unique in the file). */
  track: z.number().int().nonnegative(),
  /** Tight box of the raw keypoints, [x, y, w, h] in source pixels. */
  box: boxSchema,
  /** 0..1: how much to trust this frame's keypoints (landmark mirror agreement, detector score). */
  confidence: z.number().min(0).max(1),
  /** Smoothed keypoints (One-Euro), source pixels, iBUG order: what downstream uses. */
  keypoints: keypointsSchema,
  /** Keypoints as the network gave them, before smoothing. */
  raw: keypointsSchema,
  /** True when the face was not found in this frame and the keypoints bridge a short miss. */
  interpolated: z.boolean(),
  /** True when the face detector ran and found this face in this frame (else: tracked from the last frame). */
  detected: z.boolean(),
});

export const frameEntrySchema = z.object({
  /** True when a shot cut starts at this frame. */
  cut: z.boolean(),
  faces: z.array(faceEntrySchema),
});

export const rangeSchema = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((r) => r.end > r.start, 'range end must be after start');

export const clipIdentitySchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  mtimeMs: finite,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frameRate: z.object({ num: z.number().int().positive(), den: z.number().int().positive() }),
  frameCount: z.number().int().nonnegative(),
  isImage: z.boolean(),
});

export const oneEuroSchema = z.object({ minCutoff: finite, beta: finite, dCutoff: finite });

export const analysisSettingsSchema = z.object({
  mode: z.enum(['tracking', 'detect']),
  /** Tracking mode: the detector runs on every n-th frame (and whenever confidence drops). */
  detectEvery: z.number().int().positive(),
  mirror: z.boolean(),
  smoothing: oneEuroSchema,
  maxGap: z.number().int().nonnegative(),
});

export const trackSummarySchema = z.object({
  id: z.number().int().nonnegative(),
  first: z.number().int().nonnegative(),
  last: z.number().int().nonnegative(),
  meanConfidence: z.number().min(0).max(1),
});

/**
 * Keypoints may leave the frame a little (a face cut by the edge) but not by more than this fraction of the
 * frame size: coordinates of 1e12 are a damaged or hand-broken file, and would render garbage.
 */
export const KEYPOINT_MARGIN = 0.5;

function checkKeypointsInFrame(
  a: { clip: { width: number; height: number }; frames: Record<string, z.infer<typeof frameEntrySchema>> },
  ctx: z.RefinementCtx,
): void {
  const { width: w, height: h } = a.clip;
  const [x0, x1, y0, y1] = [
    -KEYPOINT_MARGIN * w,
    (1 + KEYPOINT_MARGIN) * w,
    -KEYPOINT_MARGIN * h,
    (1 + KEYPOINT_MARGIN) * h,
  ];
  for (const [key, entry] of Object.entries(a.frames)) {
    entry.faces.forEach((face, i) => {
      for (const field of ['keypoints', 'raw'] as const) {
        const bad = face[field].findIndex(([x, y]) => !(x >= x0 && x <= x1 && y >= y0 && y <= y1));
        if (bad < 0) continue;
        const [x, y] = face[field][bad]!;
        ctx.addIssue({
          code: 'custom',
          path: ['frames', key, 'faces', i, field, bad],
          message: `keypoint (${x}, ${y}) is far outside the ${w}x${h} frame`,
        });
        return;
      }
    });
  }
}

export const analysisFileSchema = z
  .object({
    format: z.literal(ANALYSIS_FORMAT),
    version: z.literal(ANALYSIS_VERSION),
    clip: clipIdentitySchema,
    settings: analysisSettingsSchema,
    backend: z.string(),
    createdAt: z.string(),
    /** Half-open frame ranges that were analysed (sorted, disjoint). */
    ranges: z.array(rangeSchema),
    frames: z.record(z.string().regex(/^\d+$/), frameEntrySchema),
    tracks: z.array(trackSummarySchema),
    cuts: z.array(z.number().int().nonnegative()),
    msPerFrame: finite,
  })
  .superRefine(checkKeypointsInFrame);

export type FaceEntry = z.infer<typeof faceEntrySchema>;
export type FrameEntry = z.infer<typeof frameEntrySchema>;
export type ClipIdentity = z.infer<typeof clipIdentitySchema>;
export type AnalysisSettings = z.infer<typeof analysisSettingsSchema>;
export type TrackSummary = z.infer<typeof trackSummarySchema>;
export type AnalysisFile = z.infer<typeof analysisFileSchema>;

/** Parses and validates an analysis file's JSON text; throws a readable error naming the first problem. */
export function parseAnalysis(text: string, source = 'analysis file'): AnalysisFile {
  return validateAnalysis(parseJsonText(text, source), source);
}

/** Validates an analysis already parsed (or about to be saved); throws a readable error naming the first problem. */
export function validateAnalysis(json: unknown, source = 'analysis file'): AnalysisFile {
  const r = analysisFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new Error(
      `${source} is not a valid v${ANALYSIS_VERSION} analysis: ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return r.data;
}

/** The keypoints of track t at frame f, or null. */
export function keypointsAt(a: AnalysisFile, frame: number, track: number): [number, number][] | null {
  return a.frames[String(frame)]?.faces.find((face) => face.track === track)?.keypoints ?? null;
}
