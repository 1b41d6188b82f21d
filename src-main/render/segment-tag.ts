// What a rendered file says about itself: a container metadata tag (key `depthswap_render`) with the clip,
// the frames the file holds, and the job's preset. `depthswap render --concat` reads it from each segment to
// know the source audio, the whole range and the start timecode, so joining needs nothing but the segments.
import { z } from 'zod';
import { FrameRangeSchema, RenderPresetSpecSchema, type RenderSpec } from '../../src-shared/render/spec.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import { runTool } from '../media/ffmpeg-process.ts';

export const SEGMENT_TAG = 'depthswap_render';

export const SegmentTagSchema = z.object({
  v: z.literal(1),
  /** The clip's media file: where the audio and the timecode come from. */
  target: z.string().min(1),
  /** The frames of the clip this file holds. */
  frames: FrameRangeSchema,
  /** The whole job's range and preset (a chunk holds part of it). */
  job: FrameRangeSchema,
  preset: RenderPresetSpecSchema,
  name: z.string(),
  /**
   * 'intermediate': a lossless chunk (render/intermediate.ts) that the join encodes to the preset's format;
   * 'delivery' (or absent, files of earlier builds): a file in the preset's format.
   */
  stage: z.enum(['delivery', 'intermediate']).optional(),
});
export type SegmentTag = z.infer<typeof SegmentTagSchema>;

export function segmentTag(
  spec: RenderSpec,
  frames: FrameRange,
  stage: 'delivery' | 'intermediate' = 'delivery',
): Record<string, string> {
  const tag: SegmentTag = {
    v: 1,
    target: spec.target,
    frames,
    job: spec.range,
    preset: spec.preset,
    name: spec.name,
    ...(stage === 'intermediate' ? { stage } : {}),
  };
  return { [SEGMENT_TAG]: JSON.stringify(tag) };
}

/** The tag of a rendered file, or a one-line reason why it has none. */
export async function readSegmentTag(file: string, signal?: AbortSignal): Promise<SegmentTag> {
  const out = await runTool(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format_tags', '-of', 'json', file],
    signal ? { signal } : {},
  );
  const parsed = z
    .object({ format: z.object({ tags: z.record(z.string(), z.string()).optional() }).optional() })
    .safeParse(JSON.parse(out.toString('utf8')));
  // Matroska (an intermediate) keeps tag names upper-cased.
  const tags = parsed.success ? Object.entries(parsed.data.format?.tags ?? {}) : [];
  const text = tags.find(([key]) => key.toLowerCase() === SEGMENT_TAG)?.[1];
  if (!text) throw new Error(`${file} is not a depthswap render segment (no ${SEGMENT_TAG} tag)`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file}: its ${SEGMENT_TAG} tag is not valid JSON`);
  }
  const tag = SegmentTagSchema.safeParse(json);
  if (!tag.success) throw new Error(`${file}: its ${SEGMENT_TAG} tag is not one this build reads`);
  return tag.data;
}
