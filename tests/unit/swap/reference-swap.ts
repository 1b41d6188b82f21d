// The per-frame swap as it was before the speed work (test reference): warp, matte, colour, optional
// Poisson and alpha compositing, each by its straightforward reference version.
import type { Image, Rect } from '../../../src-main/swap/image.ts';
import { poissonBlend } from '../../../src-main/swap/poisson-blend.ts';
import { placeMesh, type FacePlacement, type SourceFace } from '../../../src-main/swap/warp-face.ts';
import type { FaceInFrame, SwapOptions, SwapSource } from '../../../src-main/swap/swap-frame.ts';
import { transferColor } from './reference-color.ts';
import { faceMask } from './reference-mask.ts';
import { rasterizeMesh, type RasterOptions, type WarpedPatch } from './reference-rasterize.ts';

export function compositeInto(
  frame: Image,
  rect: Rect,
  rgb: Uint8Array,
  alpha: Float32Array,
  matte?: Uint8Array,
): void {
  const { x0, y0, width: w, height: h } = rect;
  const ch = frame.channels;
  const data = frame.data;
  if (matte && matte.length !== frame.width * frame.height)
    throw new Error('matte size does not match the frame');
  for (let y = 0; y < h; y++) {
    const fy = y0 + y;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const a = alpha[i]!;
      if (a <= 0) continue;
      const p = fy * frame.width + x0 + x;
      const o = p * ch;
      for (let c = 0; c < 3; c++) data[o + c] = data[o + c]! + a * (rgb[3 * i + c]! - data[o + c]!) + 0.5;
      if (matte) {
        const m = Math.round(a * 255);
        if (m > matte[p]!) matte[p] = m;
      }
    }
  }
}

/** The mesh is placed as in production (placeMesh was not part of the speed work), then rasterised plainly. */
export function warpFace(
  source: SourceFace,
  placement: FacePlacement,
  frameWidth: number,
  frameHeight: number,
  options: RasterOptions = {},
): WarpedPatch | null {
  const placed = placeMesh(source, placement, frameWidth, frameHeight);
  return placed ? rasterizeMesh(source.texture, placed.mesh, placed.rect, options) : null;
}

export interface ReferenceFace {
  rect: Rect;
  rgb: Uint8Array;
  alpha: Float32Array;
}

export function swapFrame(
  frame: Image,
  source: SwapSource,
  faces: readonly FaceInFrame[],
  options: SwapOptions = {},
): { matte: Uint8Array; faces: ReferenceFace[] } {
  const matte = new Uint8Array(frame.width * frame.height);
  const out: ReferenceFace[] = [];
  for (const face of faces) {
    const src = face.mirrored ? source.mirrored : source.normal;
    const patch = warpFace(src, face, frame.width, frame.height);
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
  }
  return { matte, faces: out };
}
