// One frame of the swap: for each face in the frame, warp the (possibly mirrored) source face, build the
// feathered matte, recolour to the target's skin, optionally Poisson-blend, and composite in place.
// The warp is split: coverage first, then the matte, then texture samples only where the matte shows the
// face (the rest of the patch is never seen). A per-worker scratch (scratch.ts) keeps the buffers between
// frames.
import { TRIANGLE_BORDER } from '../../src-shared/geometry/face-mesh.ts';
import { transferColor } from './color-transfer.ts';
import { compositeInto } from './composite.ts';
import { faceMask, type MaskOptions } from './face-mask.ts';
import { checkImage, type Image, type Rect } from './image.ts';
import { poissonBlend } from './poisson-blend.ts';
import { sampleCoverage } from './rasterize.ts';
import { scratchU8, type SwapScratch } from './scratch.ts';
import { warpFaceCoverage, type FacePlacement, type SourceFace } from './warp-face.ts';

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
  /** The warped (recoloured) patch, RGB per pixel of rect; meaningful where alpha > 0. */
  rgb: Uint8Array;
  alpha: Float32Array;
}

export interface SwapFrameResult {
  /** Face matte, one byte per frame pixel (0 = target, 255 = swapped face). */
  matte: Uint8Array;
  /** With a scratch, the faces' buffers are the scratch's: valid until its next use. */
  faces: SwappedFace[];
  /** Milliseconds spent rasterising the mesh (and sampling its texture), and on mask + colour + blend + composite. */
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
): SwapFrameResult {
  checkImage(frame, 'target frame');
  const matte = new Uint8Array(frame.width * frame.height);
  const out: SwappedFace[] = [];
  let warpMs = 0;
  let compositeMs = 0;
  const sc = scratch ? { scratch } : {};
  faces.forEach((face, k) => {
    const src = face.mirrored ? source.mirrored : source.normal;
    const t0 = performance.now();
    // The border ring never shows (alpha 0): it is drawn for the z-buffer only, unless Poisson reads it.
    const raster = options.poisson ? {} : { untexturedKind: TRIANGLE_BORDER };
    const cov = warpFaceCoverage(src, face, frame.width, frame.height, scratch, raster);
    const t1 = performance.now();
    warpMs += t1 - t0;
    if (!cov) return;
    const { alpha, spans } = faceMask(cov, options.mask, scratch, `face${k}.alpha`);
    const t2 = performance.now();
    const rect: Rect = { x0: cov.x0, y0: cov.y0, width: cov.width, height: cov.height };
    const rgb = scratchU8(scratch, `face${k}.rgb`, 3 * cov.width * cov.height);
    if (options.poisson) {
      // The blend reads the face's neighbours outside the matte too: the whole warp, as rasterizeMesh.
      rgb.fill(0);
      sampleCoverage(src.texture, cov, rgb, null);
    } else {
      sampleCoverage(src.texture, cov, rgb, alpha, spans);
    }
    const t3 = performance.now();
    warpMs += t3 - t2;
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
    compositeMs += t2 - t1 + performance.now() - t3;
  });
  return { matte, faces: out, warpMs, compositeMs };
}
