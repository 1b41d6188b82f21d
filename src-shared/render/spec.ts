// One render, described once: what the studio's Render now, `depthswap render`, a queued job and a farm
// task all run. A versioned, zod-validated snapshot of what the project held when the render was asked for
// (clip, source face, analysis file, keypoint edits, swap settings with the cleanup model, preset), so a
// queued job renders what the user saw even if the project changes meanwhile, and every chunk of one job
// renders from the same description.
import { z } from 'zod';
import {
  InterpolationSchema,
  KeyframeSchema,
  OutputFormatSchema,
  SwapSettingsSchema,
} from '../project/schema.ts';

export const RENDER_SPEC_FORMAT = 'depthswap-render';
export const RENDER_SPEC_VERSION = 1;

const frameIndex = z.number().int().min(0);

export const FrameRangeSchema = z
  .object({ start: frameIndex, end: frameIndex })
  .refine((r) => r.end > r.start, 'the frame range is empty (end must be after start)');

export const RenderPresetSpecSchema = z.object({
  format: OutputFormatSchema,
  /** Keep the clip's audio for the range. */
  audio: z.boolean(),
  /** Keep the clip's start timecode, shifted to the range's first frame. */
  timecode: z.boolean(),
});
export type RenderPresetSpec = z.infer<typeof RenderPresetSpecSchema>;

export const RenderSpecSchema = z.object({
  format: z.literal(RENDER_SPEC_FORMAT),
  version: z.literal(RENDER_SPEC_VERSION),
  /** A name for lists (the project's name and the clip's file name). */
  name: z.string().max(300),
  /** The project file the spec was made from (null: made from an unsaved project in the studio). */
  project: z.string().min(1).nullable(),
  clipId: z.string().min(1).max(64),
  /** The clip's media file. */
  target: z.string().min(1),
  source: z.object({ path: z.string().min(1), frame: frameIndex }),
  /** The clip's analysis file as the project references it (null: not analysed; the render analyses). */
  analysis: z.string().min(1).nullable(),
  /** The face track edited (the primary face), its keyframes and the project's interpolation rule. */
  face: z.number().int().min(0),
  keyframes: z.array(KeyframeSchema),
  interpolation: InterpolationSchema,
  /** Half-open [start, end) frames of the clip. */
  range: FrameRangeSchema,
  preset: RenderPresetSpecSchema,
  /** The output file. */
  out: z.string().min(1),
  /** The project's swap settings, cleanup model included (applied once the cleanup stage exists). */
  swap: SwapSettingsSchema,
});
export type RenderSpec = z.infer<typeof RenderSpecSchema>;

export class RenderSpecError extends Error {
  override name = 'RenderSpecError';
}

/** Validates a render spec (from a file, a database row, a worker message); one-line reason on failure. */
export function parseRenderSpec(value: unknown, where = 'render spec'): RenderSpec {
  if (typeof value === 'object' && value !== null && 'version' in value) {
    const v = (value as { version: unknown }).version;
    if (typeof v === 'number' && v > RENDER_SPEC_VERSION)
      throw new RenderSpecError(
        `${where}: version ${v} is newer than this build reads (${RENDER_SPEC_VERSION})`,
      );
  }
  const r = RenderSpecSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new RenderSpecError(
      `${where}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return r.data;
}
