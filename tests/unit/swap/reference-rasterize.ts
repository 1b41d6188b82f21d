// The straightforward rasteriser as it was before the speed work: the reference the optimised one is tested against.
import type { Image, Rect } from '../../../src-main/swap/image.ts';
import {
  meshRect,
  type MeshToDraw,
  type RasterOptions,
  type WarpedPatch as Patch,
} from '../../../src-main/swap/rasterize.ts';

// The mesh, the options (`untexturedKind` is not honoured here) and the rectangle are as in production.
export { meshRect };
export type { MeshToDraw, RasterOptions };
/** The reference's patch: as production's, without the label counts. */
export type WarpedPatch = Omit<Patch, 'labelCounts'>;

/** Bilinear sample of `tex` at (u, v) (pixel centres at integers, clamped at the edges) into out[o..o+2]. */
export function sampleBilinear(tex: Image, u: number, v: number, out: Uint8Array, o: number): void {
  const { width, height, channels, data } = tex;
  const uc = u < 0 ? 0 : u > width - 1 ? width - 1 : u;
  const vc = v < 0 ? 0 : v > height - 1 ? height - 1 : v;
  const x0 = Math.floor(uc);
  const y0 = Math.floor(vc);
  const x1 = x0 + 1 < width ? x0 + 1 : x0;
  const y1 = y0 + 1 < height ? y0 + 1 : y0;
  const fx = uc - x0;
  const fy = vc - y0;
  const i00 = (y0 * width + x0) * channels;
  const i10 = (y0 * width + x1) * channels;
  const i01 = (y1 * width + x0) * channels;
  const i11 = (y1 * width + x1) * channels;
  const w00 = (1 - fx) * (1 - fy);
  const w10 = fx * (1 - fy);
  const w01 = (1 - fx) * fy;
  const w11 = fx * fy;
  for (let c = 0; c < 3; c++) {
    const val = data[i00 + c]! * w00 + data[i10 + c]! * w10 + data[i01 + c]! * w01 + data[i11 + c]! * w11;
    out[o + c] = val + 0.5; // Uint8Array store truncates: +0.5 rounds
  }
}

/** Rasterises the mesh over `rect` of a frame; returns the warped patch with its coverage and z-buffer. */
export function rasterizeMesh(
  tex: Image,
  mesh: MeshToDraw,
  rect: Rect,
  options: RasterOptions = {},
): WarpedPatch {
  const depthTest = options.depthTest ?? true;
  const { x0: rx, y0: ry, width: rw, height: rh } = rect;
  const n = rw * rh;
  const rgb = new Uint8Array(n * 3);
  const coverage = new Uint8Array(n);
  const zbuf = new Float32Array(n).fill(-Infinity);
  const ids = options.keepTriangleIds ? new Int32Array(n).fill(-1) : undefined;
  const { uv, xy, z, triangles, kinds } = mesh;
  const eps = 1e-7;
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
    const ub = uv[2 * b]!;
    const vb = uv[2 * b + 1]!;
    const uc = uv[2 * c]!;
    const vc = uv[2 * c + 1]!;
    const za = z[a]!;
    const zb = z[b]!;
    const zc = z[c]!;
    const label = kinds[t]! + 1;
    for (let py = minY; py <= maxY; py++) {
      const row = (py - ry) * rw - rx;
      for (let px = minX; px <= maxX; px++) {
        // Barycentric weights of a (l0), b (l1), c (l2), normalised by the signed area.
        const l1 = ((px - ax) * (cy - ay) - (cx - ax) * (py - ay)) * inv;
        const l2 = ((bx - ax) * (py - ay) - (px - ax) * (by - ay)) * inv;
        const l0 = 1 - l1 - l2;
        if (l0 < -eps || l1 < -eps || l2 < -eps) continue;
        const i = row + px;
        const zz = l0 * za + l1 * zb + l2 * zc;
        if (depthTest && zz <= zbuf[i]!) continue;
        zbuf[i] = zz;
        coverage[i] = label;
        if (ids) ids[i] = t;
        sampleBilinear(tex, l0 * ua + l1 * ub + l2 * uc, l0 * va + l1 * vb + l2 * vc, rgb, 3 * i);
      }
    }
  }
  const patch: WarpedPatch = { ...rect, rgb, coverage, zbuf };
  if (ids) patch.triangleIds = ids;
  return patch;
}
