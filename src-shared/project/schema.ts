// The .dsproj project file (JSON): a versioned zod schema. Older versions are migrated in ./migrate.ts;
// a newer version is refused (never guessed at, never overwritten).
import { z } from 'zod';
import type { OutputFormat } from '../media.ts';
import { DEFAULT_EXPRESSION } from '../geometry/expression.ts';

export const PROJECT_FORMAT = 'depthswap-project';
export const PROJECT_VERSION = 4;
export const KEYPOINT_COUNT = 68;

const id = z.string().min(1).max(64);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const frameIndex = z.number().int().min(0);

export const RationalSchema = z.object({
  num: z.number().int().positive(),
  den: z.number().int().positive(),
});

/** What the project remembers of a probed clip (the file is re-probed on open; this is for display offline). */
export const MediaSummarySchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frameRate: RationalSchema,
  frameCount: z.number().int().min(0),
  startTimecode: z.string().nullable(),
  isImage: z.boolean(),
});
export type MediaSummary = z.infer<typeof MediaSummarySchema>;

export const SourceFaceSchema = z.object({
  id,
  path: z.string().min(1),
  kind: z.enum(['image', 'clip']),
  /** Which frame of a clip source holds the face (0 for an image). */
  frame: frameIndex,
  analysis: z.string().min(1).nullable(),
  media: MediaSummarySchema.nullable(),
});
export type SourceFace = z.infer<typeof SourceFaceSchema>;

/** An offset (dx, dy) in pixels added to the tracked keypoint. */
export const OffsetSchema = z.tuple([finite, finite]);
export type Offset = z.infer<typeof OffsetSchema>;

export const KeyframeSchema = z.object({
  frame: frameIndex,
  /** One offset per keypoint (68), over the tracked keypoints of that frame. */
  offsets: z.array(OffsetSchema).length(KEYPOINT_COUNT),
});
export type Keyframe = z.infer<typeof KeyframeSchema>;

export const TrackSchema = z.object({
  clipId: id,
  /** Face track within the clip's analysis (0 for the first / only face). */
  face: z.number().int().min(0),
  /** Sorted by frame, one per frame at most. */
  keyframes: z.array(KeyframeSchema),
});
export type Track = z.infer<typeof TrackSchema>;

export const InterpolationSchema = z.object({
  /** How offsets change between two keyframes. */
  mode: z.enum(['linear', 'smooth']),
  /** Outside the first..last keyframe: no edit ('none') or the nearest keyframe's offsets ('hold'). */
  outside: z.enum(['none', 'hold']),
});
export type Interpolation = z.infer<typeof InterpolationSchema>;

export const SwapSettingsSchema = z.object({
  /**
   * Matte erosion and feather width in percent of the face size (sqrt of the face's pixel area), as the
   * swap engine takes them (`depthswap swap --erode/--feather` take the same as fractions), so they follow
   * the face as it comes closer. (Version 2 stored pixels that no render used; see migrate.ts.)
   */
  maskErode: z.number().min(0).max(50),
  maskFeather: z.number().min(0).max(50),
  /** Leave the mouth interior to the target (its own teeth and tongue). */
  excludeMouth: z.boolean(),
  /** Match the source face's colour to the target (Lab mean / std). */
  colorTransfer: z.boolean(),
  /** Poisson (gradient-domain) blending of the face edge. */
  poisson: z.boolean(),
  /** Use the mirrored source face: chosen per frame from both yaws ('auto'), always, or never. */
  mirror: z.enum(['auto', 'on', 'off']),
  /** A trained cleanup model (its folder: depthswap cleanup train --out DIR), or null for none. */
  cleanupModel: z.string().min(1).nullable(),
  /** Expression transfer: 0 = the source's expression (the paper), 1 = the target's (docs/expression.md). */
  expression: z.number().min(0).max(1).default(DEFAULT_EXPRESSION),
  /** Colour: the global Lab transfer only, or with the local colour field along the seam ('local'). */
  colorMode: z.enum(['global', 'local']).default('local'),
  /** DepthNet for the source's depth: the shipped model, or the one adapted to this source clip (a studio job). */
  depthModel: z.enum(['shipped', 'adapted']).default('shipped'),
  /** A source clip's face: its one chosen frame, or per target frame the source frame of matching pose. */
  sourceFrames: z.enum(['single', 'pose-matched']).default('single'),
  /** How much of the cleanup model's change a render applies, 0..1 (issue 11; older projects: 1). */
  cleanupStrength: z.number().min(0).max(1).default(1),
});
export type SwapSettings = z.infer<typeof SwapSettingsSchema>;

export const OutputFormatSchema = z.enum(['prores-hq', 'prores-4444', 'h264'] satisfies OutputFormat[]);

export const RenderPresetSchema = z.object({
  name: z.string().min(1).max(100),
  format: OutputFormatSchema,
  audio: z.boolean(),
  timecode: z.boolean(),
});
export type RenderPreset = z.infer<typeof RenderPresetSchema>;

/** The swap engine's mask options (face-mask.ts: fractions of the face size) from the project's settings. */
export function maskOptions(swap: SwapSettings): { erode: number; feather: number; excludeMouth: boolean } {
  return { erode: swap.maskErode / 100, feather: swap.maskFeather / 100, excludeMouth: swap.excludeMouth };
}

/** In and out marks (half-open [in, out)), or null. */
export const MarksSchema = z.object({ in: frameIndex.nullable(), out: frameIndex.nullable() });
export type Marks = z.infer<typeof MarksSchema>;

/** The timeline's zoom of a clip (first visible frame and visible frames), or null for the whole clip. */
export const TimelineZoomSchema = z.object({ start: z.number().min(0), span: z.number().positive() });

/**
 * A target clip with everything that is its own (version 4): its marks, where its playhead was, how its
 * keypoint edits interpolate and its swap settings. A render of the clip uses these and nothing shared.
 */
export const ClipSchema = z.object({
  id,
  path: z.string().min(1),
  /** Analysis output of this clip (keypoints per frame, shot cuts, confidence), or null until analysed. */
  analysis: z.string().min(1).nullable(),
  media: MediaSummarySchema.nullable(),
  marks: MarksSchema,
  /** The playhead when the project was last saved (reopened there). */
  playhead: frameIndex,
  /** The timeline zoom when last saved. */
  zoom: TimelineZoomSchema.nullable(),
  interpolation: InterpolationSchema,
  swap: SwapSettingsSchema,
});
export type Clip = z.infer<typeof ClipSchema>;

export const ProjectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: z.string().max(200),
  createdAt: z.string(),
  modifiedAt: z.string(),
  clips: z.array(ClipSchema),
  sources: z.array(SourceFaceSchema),
  activeClipId: id.nullable(),
  activeSourceId: id.nullable(),
  tracks: z.array(TrackSchema),
  renderPresets: z.array(RenderPresetSchema),
});
export type Project = z.infer<typeof ProjectSchema>;

export const DEFAULT_SWAP: SwapSettings = {
  maskErode: 3,
  maskFeather: 8,
  excludeMouth: false,
  colorTransfer: true,
  poisson: false,
  mirror: 'auto',
  cleanupModel: null,
  expression: DEFAULT_EXPRESSION,
  colorMode: 'local',
  depthModel: 'shipped',
  sourceFrames: 'single',
  cleanupStrength: 1,
};

export const DEFAULT_PRESETS: RenderPreset[] = [
  { name: 'ProRes 422 HQ', format: 'prores-hq', audio: true, timecode: true },
  { name: 'ProRes 4444 + matte', format: 'prores-4444', audio: true, timecode: true },
  { name: 'H.264 review', format: 'h264', audio: true, timecode: true },
];

export const DEFAULT_INTERPOLATION: Interpolation = { mode: 'linear', outside: 'none' };

/** What a newly imported clip starts with: no marks, playhead at 0, the default interpolation and swap. */
export function newClipSettings(): Pick<Clip, 'marks' | 'playhead' | 'zoom' | 'interpolation' | 'swap'> {
  return {
    marks: { in: null, out: null },
    playhead: 0,
    zoom: null,
    interpolation: { ...DEFAULT_INTERPOLATION },
    swap: { ...DEFAULT_SWAP },
  };
}

export function findClip(project: Project, clipId: string): Clip | undefined {
  return project.clips.find((c) => c.id === clipId);
}

/** A copy of the project with clip `clipId` changed by `update` (the same object when it does not exist). */
export function updateClip(project: Project, clipId: string, update: (c: Clip) => Clip): Project {
  if (!project.clips.some((c) => c.id === clipId)) return project;
  return { ...project, clips: project.clips.map((c) => (c.id === clipId ? update(c) : c)) };
}

export function emptyProject(name: string, now: Date = new Date()): Project {
  const stamp = now.toISOString();
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name,
    createdAt: stamp,
    modifiedAt: stamp,
    clips: [],
    sources: [],
    activeClipId: null,
    activeSourceId: null,
    tracks: [],
    renderPresets: DEFAULT_PRESETS.map((p) => ({ ...p })),
  };
}
