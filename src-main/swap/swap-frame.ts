// One frame of the swap: for each face in the frame, warp the (possibly mirrored) source face, build the
// feathered matte, recolour to the target's skin, optionally Poisson-blend, and composite in place.
// The border ring of the mesh is drawn untextured (it is never seen), and per-row spans of the matte
// keep the later passes to the pixels it shows. A per-worker scratch (scratch.ts) keeps the buffers
// between frames.
import { TRIANGLE_BORDER } from '../../src-shared/geometry/face-mesh.ts';
import { colorStatsPair, transferColor, type ColorStatsPair } from './color-transfer.ts';
import { compositeInto } from './composite.ts';
import { faceMask, type MaskOptions } from './face-mask.ts';
import { checkImage, type Image, type Rect, type RowSpans } from './image.ts';
import { poissonBlend } from './poisson-blend.ts';
import { scratchU8, type SwapScratch } from './scratch.ts';
import { placeMesh, warpFace, type FacePlacement, type SourceFace } from './warp-face.ts';
import { mouthFromTarget } from './mouth-interior.ts';
import { eyesFromTarget } from './eye-region.ts';
import { correctSeamColor } from './seam-color.ts';

export interface SwapSource {
  normal: SourceFace;
  /** The horizontally mirrored source (image and keypoints), used when a placement says `mirrored`. */
  mirrored: SourceFace;
}

export interface FaceInFrame extends FacePlacement {
  mirrored: boolean;
  /** The target's own 68 keypoints in this frame (set with expression transfer: mouth interior, eyes). */
  targetKeypoints?: Float64Array;
  /** Pose-matched source frames: index into the extra sources (default: the one source). */
  source?: number;
  /** Cross-fade: this face's matte is scaled by `weight` (composited over the full-weight pick). */
  weight?: number;
  /** The face's track in the target's analysis (colour statistics are smoothed along it). */
  track?: number;
  /** Colour statistics to recolour with instead of this frame's own (smoothed along the track). */
  colorStats?: ColorStatsPair;
}

export interface SwapOptions {
  colorTransfer?: boolean;
  poisson?: boolean;
  poissonIterations?: number;
  mask?: MaskOptions;
  /**
   * With expression transfer (faces with targetKeypoints): the target's own teeth and tongue inside the
   * output's inner lips (mouth-interior.ts). Default true.
   */
  mouthFromTarget?: boolean;
  /** With expression transfer: the target's eye region where source and target eye states differ. Default true. */
  eyesFromTarget?: boolean;
  /**
   * After the global Lab transfer, a low-frequency colour field matched along the matte's edge
   * (seam-color.ts): 'local', or only the global transfer ('global', the default of this function; the
   * product's default is DEFAULT_COLOR_MODE, which swapClip applies).
   */
  colorMode?: ColorMode;
}

export type ColorMode = 'global' | 'local';
export const COLOR_MODES: readonly ColorMode[] = ['global', 'local'];
/** The product default (chosen by the seam score of npm run eval:swap; docs/expression.md). */
export const DEFAULT_COLOR_MODE: ColorMode = 'local';

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
  /** Faces whose warp came from the frame's stats pass (`reuse`) instead of being warped again. */
  reusedWarps: number;
}

/**
 * One face's warped source patch and its matte, before any recolouring: what the stats pass and the swap
 * of the same frame both need. With a scratch the arrays are the scratch's (warp-cache.ts copies them out).
 */
export interface MaskedWarp {
  src: SourceFace;
  rect: Rect;
  rgb: Uint8Array;
  /** The rasteriser's coverage labels over rect (the mouth interior reads them). */
  coverage: Uint8Array;
  alpha: Float32Array;
  spans: RowSpans | null;
  faceSize: number;
}

/**
 * Warps shared between a frame's stats pass and its swap (warp-cache.ts): the stats pass `keep`s each
 * face's warp, the swap `take`s it instead of warping again (undefined: not kept, warp as usual).
 */
export interface WarpReuse {
  keep?(k: number, face: FaceInFrame, warp: MaskedWarp | null): void;
  take?(k: number, face: FaceInFrame): MaskedWarp | null | undefined;
}

/** Colour statistics on every 2nd pixel in x and y of the mask (see color-transfer.ts). */
const COLOR_STATS_STEP = 2;
/** The mouth interior's blend ramp inward from the inner lips, as a fraction of the face size. */
const MOUTH_FEATHER = 0.012;

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
  reuse?: WarpReuse,
): SwapFrameResult {
  checkImage(frame, 'target frame');
  const matte = new Uint8Array(frame.width * frame.height);
  const out: SwappedFace[] = [];
  let warpMs = 0;
  let compositeMs = 0;
  let reusedWarps = 0;
  const sc = scratch ? { scratch } : {};
  faces.forEach((face, k) => {
    const t0 = performance.now();
    const kept = reuse?.take?.(k, face);
    if (kept !== undefined) reusedWarps++;
    const warped = kept !== undefined ? kept : warpAndMask(frame, source, sources, face, k, options, scratch);
    const t1 = performance.now();
    warpMs += t1 - t0;
    if (!warped) return;
    const { src, rgb, coverage, alpha, spans, faceSize, rect } = warped;
    if (options.colorTransfer ?? true) {
      const stats = { statsStep: COLOR_STATS_STEP, area: spans, ...sc };
      transferColor(rgb, frame, rect, alpha, stats, face.colorStats);
    }
    if ((options.colorTransfer ?? true) && options.colorMode === 'local') {
      correctSeamColor(rgb, frame, rect, alpha, faceSize);
    }
    if (options.poisson) {
      const poisson: { iterations?: number } = {};
      if (options.poissonIterations !== undefined) poisson.iterations = options.poissonIterations;
      poissonBlend(rgb, frame, rect, alpha, poisson);
    }
    const tk = face.targetKeypoints;
    const mouth = options.mouthFromTarget ?? true;
    const eyes = options.eyesFromTarget ?? true;
    const placed = tk && (mouth || eyes) ? placeMesh(src, face, frame.width, frame.height) : null;
    if (tk && placed && mouth) {
      const feather = Math.max(1.5, MOUTH_FEATHER * faceSize);
      mouthFromTarget({ rect, rgb, coverage }, frame, placed.mesh.xy, tk, feather);
    }
    if (tk && placed && eyes)
      eyesFromTarget({ rect, rgb, alpha }, frame, placed.mesh.xy, src.keypoints, tk, src.texture);
    compositeInto(frame, rect, rgb, alpha, matte, spans);
    out.push({ rect, rgb, alpha });
    compositeMs += performance.now() - t1;
  });
  return { matte, faces: out, warpMs, compositeMs, reusedWarps };
}

/**
 * The colour statistics each face's transfer would use in this frame (its own, before any smoothing), or
 * null for a face that is not drawn or too small: the first pass of a render that smooths them along the
 * track. `frame` is not changed. `reuse.keep` is given each face's warp (for the frame's swap to reuse).
 */
export function faceColorStats(
  frame: Image,
  source: SwapSource,
  faces: readonly FaceInFrame[],
  options: SwapOptions = {},
  scratch?: SwapScratch,
  sources: readonly SwapSource[] = [],
  reuse?: WarpReuse,
): { stats: (ColorStatsPair | null)[]; warpMs: number } {
  checkImage(frame, 'target frame');
  const sc = scratch ? { scratch } : {};
  let warpMs = 0;
  const stats = faces.map((face, k) => {
    const t0 = performance.now();
    const warped = warpAndMask(frame, source, sources, face, k, options, scratch);
    warpMs += performance.now() - t0;
    reuse?.keep?.(k, face, warped);
    if (!warped) return null;
    const { rgb, alpha, spans, rect } = warped;
    return colorStatsPair(rgb, frame, rect, alpha, { statsStep: COLOR_STATS_STEP, area: spans, ...sc });
  });
  return { stats, warpMs };
}

/** One face's warped patch and matte (the cross-fade weight applied), or null when nothing is drawn. */
function warpAndMask(
  frame: Image,
  source: SwapSource,
  sources: readonly SwapSource[],
  face: FaceInFrame,
  k: number,
  options: SwapOptions,
  scratch: SwapScratch | undefined,
): MaskedWarp | null {
  const set = face.source === undefined ? source : sources[face.source];
  if (!set) throw new Error(`swap: source frame ${face.source} was not sent to the worker`);
  const src = face.mirrored ? set.mirrored : set.normal;
  // The border ring never shows (alpha 0): drawn for the z-buffer only, unless Poisson reads it (then
  // the whole patch is coloured, uncovered pixels 0, as the plain rasteriser leaves them).
  const raster = options.poisson ? {} : { untexturedKind: TRIANGLE_BORDER };
  const rgbOf = (size: number) => {
    const rgb = scratchU8(scratch, `face${k}.rgb`, size);
    return options.poisson && scratch ? rgb.fill(0) : rgb;
  };
  const patch = warpFace(src, face, frame.width, frame.height, raster, scratch, rgbOf);
  if (!patch) return null;
  const { alpha, spans, faceSize } = faceMask(patch, options.mask, scratch, `face${k}.alpha`);
  if (face.weight !== undefined && face.weight < 1)
    for (let i = 0; i < alpha.length; i++) alpha[i] = alpha[i]! * face.weight;
  const rect: Rect = { x0: patch.x0, y0: patch.y0, width: patch.width, height: patch.height };
  return { src, rect, rgb: patch.rgb, coverage: patch.coverage, alpha, spans, faceSize };
}
