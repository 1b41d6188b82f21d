// The face matte from the warped mesh: the covered face triangles (optionally without the mouth interior),
// eroded and feathered by amounts relative to the face's size. Alpha is a smoothstep of the distance to
// the mask's edge, so it never decreases going inward (monotone feather). The distances and the feather
// are computed together (feather.ts); the plain definition they follow, a distance field then a smoothstep
// per pixel, is tests/unit/swap/reference-mask.ts, and a test checks that they give the same alpha.
import { TRIANGLE_FACE, TRIANGLE_MOUTH } from '../../src-shared/geometry/face-mesh.ts';
import { distanceToOutside } from './distance-transform.ts';
import { featherFull, featherScaled } from './feather.ts';
import { spansBounds, type Rect, type RowSpans } from './image.ts';
import { scratchF32, scratchU8, type SwapScratch } from './scratch.ts';

export interface MaskOptions {
  /** Erosion as a fraction of the face size (sqrt of the face's pixel area). Default 0.03. */
  erode?: number;
  /** Feather width as a fraction of the face size. Default 0.08. */
  feather?: number;
  /** Leave the mouth interior to the target (its own teeth and tongue). Default false. */
  excludeMouth?: boolean;
}

export interface FaceMask {
  /** 0..1 per pixel of the patch rectangle. */
  alpha: Float32Array;
  /** sqrt of the number of covered face pixels, before erosion. */
  faceSize: number;
  erodePx: number;
  featherPx: number;
}

/** The coarse distance field's cell: at most featherPx / 8 pixels, at most 4. */
const DT_PIXELS_PER_CELL = 8;

/** What the matte needs of a warped patch: its size and per-pixel coverage labels. */
export interface CoverageGrid {
  width: number;
  height: number;
  /** 0 = not covered, else 1 + the covering triangle's kind. */
  coverage: Uint8Array;
  /** How many pixels have each coverage label, when the rasteriser counted them. */
  labelCounts?: Int32Array;
}

/**
 * The matte of a warped patch. With a scratch, `alpha` is the scratch buffer `alphaKey` (valid until that
 * key's next use). `spans` says where alpha > 0 (null: nowhere), `bounds` is their bounding rectangle.
 */
export function faceMask(
  patch: CoverageGrid,
  options: MaskOptions = {},
  scratch?: SwapScratch,
  alphaKey = 'mask.alpha',
): FaceMask & { spans: RowSpans | null; bounds: Rect | null } {
  const erode = options.erode ?? 0.03;
  const feather = options.feather ?? 0.08;
  if (!(erode >= 0) || !(feather >= 0)) throw new Error('mask erode and feather must be >= 0');
  const { width, height, coverage } = patch;
  const n = width * height;
  // 1 for the labels that make the mask.
  const insideLabel = new Uint8Array(256);
  insideLabel[TRIANGLE_FACE + 1] = 1;
  if (!options.excludeMouth) insideLabel[TRIANGLE_MOUTH + 1] = 1;
  let count = 0;
  if (patch.labelCounts) {
    for (let l = 0; l < 256; l++) if (insideLabel[l]) count += patch.labelCounts[l]!;
  } else {
    for (let i = 0; i < n; i++) count += insideLabel[coverage[i]!]!;
  }
  const faceSize = Math.sqrt(count);
  const erodePx = erode * faceSize;
  const featherPx = feather * faceSize;
  const alpha = scratchF32(scratch, alphaKey, n);
  // A big face's feather is tens of pixels wide: its distances are computed at a lower resolution.
  const s = Math.floor(Math.min(4, featherPx / DT_PIXELS_PER_CELL));
  let spans: RowSpans | null;
  if (s > 1) {
    spans = featherScaled(coverage, insideLabel, width, height, s, erodePx, featherPx, alpha, scratch);
  } else {
    const inside = scratchU8(scratch, 'mask.inside', n);
    for (let i = 0; i < n; i++) inside[i] = insideLabel[coverage[i]!]!;
    const dist = distanceToOutside(inside, width, height, scratch);
    spans = featherFull(dist, width, height, erodePx, featherPx, alpha, scratch);
  }
  return { alpha, faceSize, erodePx, featherPx, spans, bounds: spans ? spansBounds(spans) : null };
}
