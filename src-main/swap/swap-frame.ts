// One frame of the swap: for each face in the frame, warp the (possibly mirrored) source face, build the
// feathered matte, recolour to the target's skin, optionally Poisson-blend, and composite in place.
import { transferColor } from './color-transfer.ts';
import { compositeInto } from './composite.ts';
import { faceMask, type MaskOptions } from './face-mask.ts';
import { checkImage, type Image, type Rect } from './image.ts';
import { poissonBlend } from './poisson-blend.ts';
import { warpFace, type FacePlacement, type SourceFace } from './warp-face.ts';

export interface SwapSource {
  normal: SourceFace;
  /** The horizontally mirrored source (image and keypoints), used when a placement says `mirrored`. */
  mirrored: SourceFace;
}

export interface FaceInFrame extends FacePlacement {
  mirrored: boolean;
}

export interface SwapOptions {
  colorTransfer?: boolean;
  poisson?: boolean;
  poissonIterations?: number;
  mask?: MaskOptions;
}

export interface SwappedFace {
  rect: Rect;
  /** The warped (recoloured) patch, RGB per pixel of rect. */
  rgb: Uint8Array;
  alpha: Float32Array;
}

export interface SwapFrameResult {
  /** Face matte, one byte per frame pixel (0 = target, 255 = swapped face). */
  matte: Uint8Array;
  faces: SwappedFace[];
  /** Milliseconds spent rasterising the mesh, and on mask + colour + blend + composite. */
  warpMs: number;
  compositeMs: number;
}

/** Composites every face into `frame` (modified in place) and returns the matte and the warped patches. */
export function swapFrame(
  frame: Image,
  source: SwapSource,
  faces: readonly FaceInFrame[],
  options: SwapOptions = {},
): SwapFrameResult {
  checkImage(frame, 'target frame');
  const matte = new Uint8Array(frame.width * frame.height);
  const out: SwappedFace[] = [];
  let warpMs = 0;
  let compositeMs = 0;
  for (const face of faces) {
    const src = face.mirrored ? source.mirrored : source.normal;
    const t0 = performance.now();
    const patch = warpFace(src, face, frame.width, frame.height);
    const t1 = performance.now();
    warpMs += t1 - t0;
    if (!patch) continue;
    const { alpha } = faceMask(patch, options.mask);
    const rect: Rect = { x0: patch.x0, y0: patch.y0, width: patch.width, height: patch.height };
    if (options.colorTransfer ?? true) transferColor(patch.rgb, frame, rect, alpha);
    if (options.poisson) {
      const poisson: { iterations?: number } = {};
      if (options.poissonIterations !== undefined) poisson.iterations = options.poissonIterations;
      poissonBlend(patch.rgb, frame, rect, alpha, poisson);
    }
    compositeInto(frame, rect, patch.rgb, alpha, matte);
    out.push({ rect, rgb: patch.rgb, alpha });
    compositeMs += performance.now() - t1;
  }
  return { matte, faces: out, warpMs, compositeMs };
}
