// CPU rasteriser for the textured face mesh: per pixel centre (integer coordinates), barycentric
// interpolation of texture coordinates and depth, bilinear texture sampling, and a z-buffer (larger z =
// nearer) so that a turned face hides its far side. Works inside the mesh's bounding box only.
// Each triangle row is walked over a conservative span from its edge equations; the per-pixel inside
// test, the interpolation and the sampling keep the exact arithmetic of the plain per-pixel rasteriser
// (tests/unit/swap/reference-rasterize.ts), so coverage, depth and colours are identical. Triangles of
// one kind may be drawn untextured (the swap's border ring, which only occludes).
import type { Image, Rect } from './image.ts';
import { scratchF32, scratchU8, type SwapScratch } from './scratch.ts';

export interface MeshToDraw {
  /** Texture coordinates: source pixel positions, x,y interleaved, one pair per vertex. */
  uv: ArrayLike<number>;
  /** Screen positions in the target frame, x,y interleaved. */
  xy: ArrayLike<number>;
  /** Depth per vertex, larger = nearer the camera. */
  z: ArrayLike<number>;
  /** Vertex indices, 3 per triangle. */
  triangles: ArrayLike<number>;
  /** Per triangle: a small label copied into the coverage buffer (+1), e.g. the mesh's triangle kind. */
  kinds: ArrayLike<number>;
}

export interface RasterOptions {
  /** Default true. False draws in triangle order (later wins): only for tests and comparisons. */
  depthTest?: boolean;
  /** Record which triangle covers each pixel (for tests and debugging). */
  keepTriangleIds?: boolean;
  /** Triangles of this kind get coverage and depth but no colour (their pixels stay as rgb held them). */
  untexturedKind?: number;
}

export interface WarpedPatch extends Rect {
  /** RGB, 3 bytes per pixel of the rectangle. */
  rgb: Uint8Array;
  /** 0 = not covered, else 1 + the covering triangle's kind. */
  coverage: Uint8Array;
  /** Depth of the visible surface; -Infinity where not covered. */
  zbuf: Float32Array;
  /** labelCounts[L]: how many pixels have coverage L (L = 0..255). */
  labelCounts: Int32Array;
  triangleIds?: Int32Array;
}

/** The pixel rectangle the mesh covers, clipped to the frame, padded by `pad`; null when off-frame. */
export function meshRect(xy: ArrayLike<number>, frameW: number, frameH: number, pad = 2): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i]!;
    const y = xy[i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error('mesh has a non-finite vertex position');
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const x0 = Math.max(0, Math.floor(minX) - pad);
  const y0 = Math.max(0, Math.floor(minY) - pad);
  const x1 = Math.min(frameW - 1, Math.ceil(maxX) + pad);
  const y1 = Math.min(frameH - 1, Math.ceil(maxY) + pad);
  if (x1 < x0 || y1 < y0) return null;
  return { x0, y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Rasterises the mesh over `rect` of a frame; returns the warped patch with its coverage and z-buffer.
 * With a scratch, coverage and z-buffer are scratch buffers (valid until its next use); `rgb` (3 bytes per
 * pixel of rect) receives the colours when given (it must be zeroed by the caller if uncovered pixels
 * matter), else a fresh buffer does.
 */
export function rasterizeMesh(
  tex: Image,
  mesh: MeshToDraw,
  rect: Rect,
  options: RasterOptions = {},
  scratch?: SwapScratch,
  rgb: Uint8Array = new Uint8Array(rect.width * rect.height * 3),
): WarpedPatch {
  const depthTest = options.depthTest ?? true;
  const { x0: rx, y0: ry, width: rw, height: rh } = rect;
  const n = rw * rh;
  const coverage = scratchU8(scratch, 'coverage', n).fill(0);
  const labelCounts = new Int32Array(256);
  const zbuf = scratchF32(scratch, 'zbuf', n).fill(-Infinity);
  const { data, width: tw, height: th, channels } = tex;
  const wm1 = tw - 1;
  const hm1 = th - 1;
  const texRow = tw * channels;
  const ids = options.keepTriangleIds ? new Int32Array(n).fill(-1) : undefined;
  const { uv, xy, z, triangles, kinds } = mesh;
  const eps = 1e-7;
  const untextured = options.untexturedKind ?? -1;
  for (let t = 0; t * 3 < triangles.length; t++) {
    const a = triangles[3 * t]!;
    const b = triangles[3 * t + 1]!;
    const c = triangles[3 * t + 2]!;
    const ax = xy[2 * a]!;
    const ay = xy[2 * a + 1]!;
    const bx = xy[2 * b]!;
    const by = xy[2 * b + 1]!;
    const cx = xy[2 * c]!;
    const cy = xy[2 * c + 1]!;
    const area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (Math.abs(area) < 1e-9) continue;
    const inv = 1 / area;
    const minX = Math.max(rx, Math.ceil(Math.min(ax, bx, cx)));
    const maxX = Math.min(rx + rw - 1, Math.floor(Math.max(ax, bx, cx)));
    const minY = Math.max(ry, Math.ceil(Math.min(ay, by, cy)));
    const maxY = Math.min(ry + rh - 1, Math.floor(Math.max(ay, by, cy)));
    if (minX > maxX || minY > maxY) continue;
    const ua = uv[2 * a]!;
    const va = uv[2 * a + 1]!;
    const ubb = uv[2 * b]!;
    const vbb = uv[2 * b + 1]!;
    const ucc = uv[2 * c]!;
    const vcc = uv[2 * c + 1]!;
    const za = z[a]!;
    const zb = z[b]!;
    const zc = z[c]!;
    const label = kinds[t]! + 1;
    const textured = kinds[t] !== untextured;
    let drawn = 0;
    // Edge terms of the barycentric formulas, hoisted (the same values the per-pixel formulas compute).
    const cyay = cy - ay;
    const cxax = cx - ax;
    const bxax = bx - ax;
    const byay = by - ay;
    // l = s * px + c along a row (slopes and offsets for the conservative span only).
    const s1 = cyay * inv;
    const s2 = -byay * inv;
    const s0 = -(s1 + s2);
    for (let py = minY; py <= maxY; py++) {
      const pyay = py - ay;
      const r1 = cxax * pyay;
      const r2 = bxax * pyay;
      // Span where l0, l1, l2 >= -eps by the linear forms, widened by a pixel against rounding (slopes
      // near 0 leave the row unrestricted); the exact test below decides each pixel.
      const c1 = (-ax * cyay - r1) * inv;
      const c2 = (r2 + ax * byay) * inv;
      const c0 = 1 - c1 - c2;
      let lo = minX;
      let hi = maxX;
      if (s1 > 1e-6) lo = Math.max(lo, Math.ceil((-eps - c1) / s1) - 1);
      else if (s1 < -1e-6) hi = Math.min(hi, Math.floor((-eps - c1) / s1) + 1);
      if (s2 > 1e-6) lo = Math.max(lo, Math.ceil((-eps - c2) / s2) - 1);
      else if (s2 < -1e-6) hi = Math.min(hi, Math.floor((-eps - c2) / s2) + 1);
      if (s0 > 1e-6) lo = Math.max(lo, Math.ceil((-eps - c0) / s0) - 1);
      else if (s0 < -1e-6) hi = Math.min(hi, Math.floor((-eps - c0) / s0) + 1);
      const row = (py - ry) * rw - rx;
      for (let px = lo; px <= hi; px++) {
        // Barycentric weights of a (l0), b (l1), c (l2), normalised by the signed area.
        const l1 = ((px - ax) * cyay - r1) * inv;
        const l2 = (r2 - (px - ax) * byay) * inv;
        const l0 = 1 - l1 - l2;
        if (l0 < -eps || l1 < -eps || l2 < -eps) continue;
        const i = row + px;
        const zz = l0 * za + l1 * zb + l2 * zc;
        if (depthTest && zz <= zbuf[i]!) continue;
        zbuf[i] = zz;
        const prev = coverage[i]!;
        if (prev !== 0) labelCounts[prev] = labelCounts[prev]! - 1;
        drawn++;
        coverage[i] = label;
        if (ids) ids[i] = t;
        if (!textured) continue;
        // Bilinear sample (pixel centres at integers, clamped at the edges; +0.5 then truncation rounds).
        const uu = l0 * ua + l1 * ubb + l2 * ucc;
        const vv = l0 * va + l1 * vbb + l2 * vcc;
        const uc = uu < 0 ? 0 : uu > wm1 ? wm1 : uu;
        const vc = vv < 0 ? 0 : vv > hm1 ? hm1 : vv;
        const x0 = uc | 0;
        const y0 = vc | 0;
        const fx = uc - x0;
        const fy = vc - y0;
        const i00 = (y0 * tw + x0) * channels;
        const i10 = x0 < wm1 ? i00 + channels : i00;
        const i01 = y0 < hm1 ? i00 + texRow : i00;
        const i11 = x0 < wm1 ? i01 + channels : i01;
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        const o = 3 * i;
        rgb[o] = (data[i00]! * w00 + data[i10]! * w10 + data[i01]! * w01 + data[i11]! * w11 + 0.5) | 0;
        rgb[o + 1] =
          (data[i00 + 1]! * w00 + data[i10 + 1]! * w10 + data[i01 + 1]! * w01 + data[i11 + 1]! * w11 + 0.5) |
          0;
        rgb[o + 2] =
          (data[i00 + 2]! * w00 + data[i10 + 2]! * w10 + data[i01 + 2]! * w01 + data[i11 + 2]! * w11 + 0.5) |
          0;
      }
    }
    labelCounts[label] = labelCounts[label]! + drawn;
  }
  let covered = 0;
  for (let l = 1; l < 256; l++) covered += labelCounts[l]!;
  labelCounts[0] = n - covered;
  const patch: WarpedPatch = { ...rect, rgb, coverage, zbuf, labelCounts };
  if (ids) patch.triangleIds = ids;
  return patch;
}
