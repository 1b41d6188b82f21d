// One frame of the swap: for each face in the frame, warp the (possibly mirrored) source face, build the
// feathered matte, recolour to the target's skin, optionally Poisson-blend, and composite in place.
// The border ring of the mesh is drawn untextured (it is never seen), and per-row spans of the matte
// keep the later passes to the pixels it shows. A per-worker scratch (scratch.ts) keeps the buffers
// between frames.
import { TRIANGLE_BORDER } from '../../src-shared/geometry/face-mesh.ts';
import { transferColor } from './color-transfer.ts';
import { compositeInto } from './composite.ts';
import { faceMask, type MaskOptions } from './face-mask.ts';
import { checkImage, type Image, type Rect } from './image.ts';
import { poissonBlend } from './poisson-blend.ts';
import { scratchU8, type SwapScratch } from './scratch.ts';
import { warpFace, type FacePlacement, type SourceFace } from './warp-face.ts';

export interface SwapSource {
  normal: SourceFace;
  /** The horizontally mirrored source (image and keypoints), used when a placement says `mirrored`. */
  mirrored: SourceFace;
}

export interface FaceInFrame extends FacePlacement {
  mirrored: boolean;
  /** Pose-matched source frames: index into the extra sources (default: the one source). */
  source?: number;
  /** Cross-fade: this face's matte is scaled by `weight` (composited over the full-weight pick). */
  weight?: number;
}

export interface SwapOptions {
  colorTransfer?: boolean;
  poisson?: boolean;
  poissonIterations?: number;
  mask?: MaskOptions;
}

export interface SwappedFace {
  rect: Rect;
  /** The warped (recoloured) patch, RGB per pixel of rect; meaningful where alpha > 0. */
  rgb: Uint8Array;
  alpha: Float32Array;
}

export interface SwapFrameResult {
  /** Face matte, one byte per frame pixel (0 = target, 255 = swapped face). */
  matte: Uint8Array;
  /** With a scratch, the faces' buffers are the scratch's: valid until its next use. */
  faces: SwappedFace[];
  /** Milliseconds spent rasterising the mesh, and on mask + colour + blend + composite. */
  warpMs: number;
  compositeMs: number;
}

/** Colour statistics on every 2nd pixel in x and y of the mask (see color-transfer.ts). */
const COLOR_STATS_STEP = 2;

/**
 * Composites every face into `frame` (modified in place) and returns the matte and the warped patches.
 * `scratch`: buffers reused between calls (one per worker; see scratch.ts).
 */
export function swapFrame(
  frame: Image,
  source: SwapSource,
  faces: readonly FaceInFrame[],
  options: SwapOptions = {},
  scratch?: SwapScratch,
  sources: readonly SwapSource[] = [],
): SwapFrameResult {
  checkImage(frame, 'target frame');
  const matte = new Uint8Array(frame.width * frame.height);
  const out: SwappedFace[] = [];
  let warpMs = 0;
  let compositeMs = 0;
  const sc = scratch ? { scratch } : {};
  faces.forEach((face, k) => {
    const set = face.source === undefined ? source : sources[face.source];
    if (!set) throw new Error(`swap: source frame ${face.source} was not sent to the worker`);
    const src = face.mirrored ? set.mirrored : set.normal;
    const t0 = performance.now();
    // The border ring never shows (alpha 0): drawn for the z-buffer only, unless Poisson reads it (then
    // the whole patch is coloured, uncovered pixels 0, as the plain rasteriser leaves them).
    const raster = options.poisson ? {} : { untexturedKind: TRIANGLE_BORDER };
    const rgbOf = (size: number) => {
      const rgb = scratchU8(scratch, `face${k}.rgb`, size);
      return options.poisson && scratch ? rgb.fill(0) : rgb;
    };
    const patch = warpFace(src, face, frame.width, frame.height, raster, scratch, rgbOf);
    const t1 = performance.now();
    warpMs += t1 - t0;
    if (!patch) return;
    const { alpha, spans } = faceMask(patch, options.mask, scratch, `face${k}.alpha`);
    if (face.weight !== undefined && face.weight < 1)
      for (let i = 0; i < alpha.length; i++) alpha[i] = alpha[i]! * face.weight;
    const rect: Rect = { x0: patch.x0, y0: patch.y0, width: patch.width, height: patch.height };
    const rgb = patch.rgb;
    if (options.colorTransfer ?? true) {
      transferColor(rgb, frame, rect, alpha, { statsStep: COLOR_STATS_STEP, area: spans, ...sc });
    }
    if (options.poisson) {
      const poisson: { iterations?: number } = {};
      if (options.poissonIterations !== undefined) poisson.iterations = options.poissonIterations;
      poissonBlend(rgb, frame, rect, alpha, poisson);
    }
    compositeInto(frame, rect, rgb, alpha, matte, spans);
    out.push({ rect, rgb, alpha });
    compositeMs += performance.now() - t1;
  });
  return { matte, faces: out, warpMs, compositeMs };
}
