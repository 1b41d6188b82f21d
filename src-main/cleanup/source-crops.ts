// Domain B's second part when the source is a clip: the source person's own real face, aligned and matted
// like the target's crops, so "real face of this shot" is not only the target actor's face (the issue:
// B = the target clip's frames plus the source person's real frames). The matte is the one the swap
// engine draws: the source's mesh placed onto its own frame (identity placement, no recolouring) through
// swapFrame, so its feather and erosion follow the project's mask settings exactly.
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import { IDENTITY_AFFINE } from '../../src-shared/geometry/affine.ts';
import { mirrorKeypoints } from '../../src-shared/geometry/mirror.ts';
import { readFrames } from '../media/frame-reader.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import { throwIfCancelled } from '../util/cancel.ts';
import { mirrorImage } from '../swap/image.ts';
import { flatten } from '../swap/placements.ts';
import { swapFrame, type SwapOptions } from '../swap/swap-frame.ts';
import { cleanupCropBox, sampleCrop, yawFromKeypoints } from './crop-warp.ts';

export interface RawCrop {
  data: Uint8Array;
  yaw: number;
  frame: number;
}

/** The crop-set frame number of source frame n: negative, so it is never taken for a target frame. */
export const sourceCropFrame = (n: number): number => -1 - n;

/** The source frames to crop: those with a face, strided evenly to at most maxCrops. */
export function sourceFramesToUse(analysis: AnalysisFile, maxCrops: number): number[] {
  const withFace = Object.entries(analysis.frames)
    .filter(([, entry]) => entry.faces.length > 0)
    .map(([key]) => Number(key))
    .sort((x, y) => x - y);
  const stride = Math.max(1, Math.ceil(withFace.length / Math.max(1, maxCrops)));
  return withFace.filter((_, i) => i % stride === 0);
}

/** Aligned real-face crops (RGB + matte) of the source clip's frames, for domain B. */
export async function sourceClipCrops(
  source: string,
  info: MediaInfo,
  analysis: AnalysisFile,
  opts: { size: number; maxCrops: number; swap: SwapOptions; signal?: AbortSignal },
): Promise<RawCrop[]> {
  const use = new Set(sourceFramesToUse(analysis, opts.maxCrops));
  if (use.size === 0) return [];
  const out: RawCrop[] = [];
  const range = { start: 0, end: info.frameCount };
  const sig = opts.signal ? { signal: opts.signal } : {};
  const depth = new Float64Array(68);
  for await (const frame of readFrames(source, { range, info, pixelFormat: 'rgb24', ...sig })) {
    throwIfCancelled(opts.signal);
    if (!use.has(frame.index)) continue;
    const face = analysis.frames[String(frame.index)]?.faces[0];
    if (!face) continue;
    const kp = flatten(face.keypoints);
    const real = { width: frame.width, height: frame.height, channels: frame.channels, data: frame.data };
    const self = {
      normal: { texture: real, keypoints: kp },
      mirrored: { texture: mirrorImage(real), keypoints: mirrorKeypoints(kp, real.width) },
    };
    const drawn = { ...real, data: Uint8Array.from(real.data) };
    const placement = { affine: IDENTITY_AFFINE, depth, mirrored: false };
    const mask = opts.swap.mask ? { mask: opts.swap.mask } : {};
    const { matte } = swapFrame(drawn, self, [placement], { ...mask, colorTransfer: false, poisson: false });
    out.push({
      data: sampleCrop(real, matte, cleanupCropBox(kp), opts.size),
      yaw: yawFromKeypoints(kp),
      frame: sourceCropFrame(frame.index),
    });
  }
  return out;
}
