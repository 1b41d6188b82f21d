// The matte's feather straight from the mask: alpha = smoothstep((distance to the edge - erode) / feather)
// as face-mask.ts defines it, computed without materialising the full-resolution distance field where it
// does not matter. With a coarse distance field (a distance transform at 1/s resolution, interpolated
// bilinearly: distanceToOutsideScaled in tests/unit/swap/reference-distance.ts), every block of pixels
// that shares the same four coarse samples is decided at once when those samples put the whole block deep
// inside (alpha 1) or inside the erosion (alpha 0); the other blocks are interpolated pixel by pixel with
// exactly the arithmetic of that reference and of featherFromDistance, so the alpha is identical.
import { distanceToOutside } from './distance-transform.ts';
import { scratchF64, scratchI32, scratchU8, type SwapScratch } from './scratch.ts';
import type { RowSpans } from './image.ts';

/** Relative margin on the block decisions (far above float32 rounding of a distance). */
const MARGIN = 1e-5;

function smoothAlpha(d: number, erodePx: number, f: number): number {
  if (d <= 0) return 0;
  const t = (d - erodePx) / f;
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

/** Row spans from per-row extents (rows with none trimmed at both ends), or null when all are empty. */
function spansOf(first: Int32Array, last: Int32Array, height: number): RowSpans | null {
  let y0 = 0;
  while (y0 < height && last[y0]! < first[y0]!) y0++;
  if (y0 === height) return null;
  let y1 = height;
  while (last[y1 - 1]! < first[y1 - 1]!) y1--;
  return { y0, y1, first, last };
}

/**
 * Alpha (written to `alpha`, one per pixel) of the mask "insideLabel[coverage[i]] is 1" with the distance
 * field at 1/s resolution (s >= 2), identical to featherFromDistance(distanceToOutsideScaled(inside, ..,
 * s), ..). Returns the row spans of alpha > 0 (scratch arrays when given a scratch).
 */
export function featherScaled(
  coverage: Uint8Array,
  insideLabel: Uint8Array,
  width: number,
  height: number,
  s: number,
  erodePx: number,
  featherPx: number,
  alpha: Float32Array,
  scratch?: SwapScratch,
): RowSpans | null {
  const cw = Math.ceil(width / s);
  const ch = Math.ceil(height / s);
  // Coarse cells: inside only when all their pixels are.
  const coarse = scratchU8(scratch, 'feather.coarse', cw * ch).fill(1);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / s) * cw;
    const r = y * width;
    for (let cx = 0, x = 0; cx < cw; cx++) {
      let all = coarse[row + cx]!;
      for (const end = Math.min(width, x + s); x < end; x++) all &= insideLabel[coverage[r + x]!]!;
      coarse[row + cx] = all;
    }
  }
  const dc = distanceToOutside(coarse, cw, ch, scratch);
  // Per pixel column: its coarse columns and weight (as distanceToOutsideScaled computes them), and the
  // runs of columns sharing the same coarse columns.
  const cx0 = scratchI32(scratch, 'feather.x0', width);
  const cfx = scratchF64(scratch, 'feather.fx', width);
  for (let x = 0; x < width; x++) {
    const u = (x + 0.5) / s - 0.5;
    const x0 = Math.max(0, Math.min(cw - 1, Math.floor(u)));
    cx0[x] = x0;
    cfx[x] = Math.max(0, Math.min(1, u - x0));
  }
  const runEnd = scratchI32(scratch, 'feather.runs', width);
  for (let x = width - 1; x >= 0; x--) {
    runEnd[x] = x + 1 < width && cx0[x + 1] === cx0[x] ? runEnd[x + 1]! : x + 1;
  }
  const f = Math.max(featherPx, 1e-6);
  // Blocks whose four samples are all above `full` are alpha 1; all below `none`, alpha 0 (when even the
  // 0.5 px floor of the interpolated distance stays inside the erosion).
  const full = ((erodePx + f) * (1 + MARGIN) + MARGIN) / s;
  const noneAtAll = 0.5 * (1 + MARGIN) < erodePx * (1 - MARGIN) - MARGIN;
  const none = noneAtAll ? (erodePx * (1 - MARGIN) - MARGIN) / s : -Infinity;
  // Per block (top-left coarse sample): 1 = alpha 1, 0 = alpha 0, 2 = interpolate; per coarse row, the
  // segments of pixel columns whose blocks are of one kind.
  const segOff = scratchI32(scratch, 'feather.segOff', ch + 1);
  const segKind = scratchU8(scratch, 'feather.segKind', cw * ch);
  const segXs = scratchI32(scratch, 'feather.segXs', cw * ch);
  const segXe = scratchI32(scratch, 'feather.segXe', cw * ch);
  let nSeg = 0;
  for (let y0 = 0; y0 < ch; y0++) {
    segOff[y0] = nSeg;
    const t = y0 * cw;
    const b = Math.min(ch - 1, y0 + 1) * cw;
    let kindBefore = -1;
    for (let xs = 0; xs < width;) {
      const xe = runEnd[xs]!;
      const x0 = cx0[xs]!;
      const x1 = Math.min(cw - 1, x0 + 1);
      const mn = Math.min(dc[t + x0]!, dc[t + x1]!, dc[b + x0]!, dc[b + x1]!);
      const mx = Math.max(dc[t + x0]!, dc[t + x1]!, dc[b + x0]!, dc[b + x1]!);
      const kind = mn >= full ? 1 : mx <= none ? 0 : 2;
      if (kind === kindBefore) {
        segXe[nSeg - 1] = xe;
      } else {
        segKind[nSeg] = kind;
        segXs[nSeg] = xs;
        segXe[nSeg] = xe;
        nSeg++;
        kindBefore = kind;
      }
      xs = xe;
    }
  }
  segOff[ch] = nSeg;
  const rowMin = scratchI32(scratch, 'feather.rowMin', height);
  const rowMax = scratchI32(scratch, 'feather.rowMax', height);
  alpha.fill(0);
  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) / s - 0.5;
    const y0 = Math.max(0, Math.min(ch - 1, Math.floor(v)));
    const y1 = Math.min(ch - 1, y0 + 1);
    const fy = Math.max(0, Math.min(1, v - y0));
    const t = y0 * cw;
    const b = y1 * cw;
    const r = y * width;
    let lo = width;
    let hi = -1;
    for (let k = segOff[y0]!, kEnd = segOff[y0 + 1]!; k < kEnd; k++) {
      const kind = segKind[k]!;
      if (kind === 0) continue;
      const xs = segXs[k]!;
      const xe = segXe[k]!;
      if (kind === 1) {
        alpha.fill(1, r + xs, r + xe);
        if (xs < lo) lo = xs;
        hi = xe - 1;
        continue;
      }
      for (let x = xs; x < xe; x++) {
        const i = r + x;
        if (!insideLabel[coverage[i]!]) continue;
        const x0 = cx0[x]!;
        const x1 = x0 + 1 < cw ? x0 + 1 : x0;
        const a00 = dc[t + x0]!;
        const a01 = dc[b + x0]!;
        const fx = cfx[x]!;
        const top = a00 + (dc[t + x1]! - a00) * fx;
        const bottom = a01 + (dc[b + x1]! - a01) * fx;
        const d = Math.fround(Math.max(0.5, (top + (bottom - top) * fy) * s));
        const a = smoothAlpha(d, erodePx, f);
        if (a > 0) {
          alpha[i] = a;
          if (x < lo) lo = x;
          hi = x;
        }
      }
    }
    rowMin[y] = lo;
    rowMax[y] = hi;
  }
  return spansOf(rowMin, rowMax, height);
}

/** featherFromDistance into `alpha` for a full-resolution distance field; returns the row spans of alpha > 0. */
export function featherFull(
  dist: Float32Array,
  width: number,
  height: number,
  erodePx: number,
  featherPx: number,
  alpha: Float32Array,
  scratch?: SwapScratch,
): RowSpans | null {
  const f = Math.max(featherPx, 1e-6);
  const rowMin = scratchI32(scratch, 'feather.rowMin', height);
  const rowMax = scratchI32(scratch, 'feather.rowMax', height);
  for (let y = 0; y < height; y++) {
    const r = y * width;
    let lo = width;
    let hi = -1;
    for (let x = 0; x < width; x++) {
      const a = smoothAlpha(dist[r + x]!, erodePx, f);
      alpha[r + x] = a;
      if (a > 0) {
        if (x < lo) lo = x;
        hi = x;
      }
    }
    rowMin[y] = lo;
    rowMax[y] = hi;
  }
  return spansOf(rowMin, rowMax, height);
}
