// The distance transforms as they were before the speed work (test reference).

const FAR = 1e20;

function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    const fq = f[q]! + q * q;
    let s = (fq - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * (q - v[k]!));
    while (s <= z[k]!) {
      k--;
      s = (fq - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * (q - v[k]!));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}

/**
 * Distance (pixels) from each cell with inside != 0 to the nearest cell with inside == 0 (0 for outside
 * cells). Cells with no outside cell anywhere get a huge distance.
 */
export function distanceToOutside(inside: Uint8Array, width: number, height: number): Float32Array {
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const zz = new Float64Array(n + 1);
  const tmp = new Float64Array(width * height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = inside[y * width + x] ? FAR : 0;
    edt1d(f, height, d, v, zz);
    for (let y = 0; y < height; y++) tmp[y * width + x] = d[y]!;
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) f[x] = tmp[y * width + x]!;
    edt1d(f, width, d, v, zz);
    for (let x = 0; x < width; x++) out[y * width + x] = Math.sqrt(d[x]!);
  }
  return out;
}

/**
 * distanceToOutside at 1/`factor` resolution for big masks (the feather is tens of pixels wide there, so a
 * distance a few pixels short changes nothing visible; the cost falls by factor^2). A coarse cell is inside
 * only when all its pixels are, so the distance never overshoots the true one by more than `factor` px;
 * outside pixels stay exactly 0 (the mask's hard edge is kept); inside, the coarse field is interpolated
 * bilinearly (monotone along any line, as the field it comes from).
 */
export function distanceToOutsideScaled(
  inside: Uint8Array,
  width: number,
  height: number,
  factor: number,
): Float32Array {
  const s = Math.floor(factor);
  if (s <= 1) return distanceToOutside(inside, width, height);
  const cw = Math.ceil(width / s);
  const ch = Math.ceil(height / s);
  const coarse = new Uint8Array(cw * ch).fill(1);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / s) * cw;
    for (let x = 0; x < width; x++) if (!inside[y * width + x]) coarse[row + Math.floor(x / s)] = 0;
  }
  // Cells cut by the patch's right/bottom edge count as outside there (the patch border is outside).
  const dc = distanceToOutside(coarse, cw, ch);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) / s - 0.5;
    const y0 = Math.max(0, Math.min(ch - 1, Math.floor(v)));
    const y1 = Math.min(ch - 1, y0 + 1);
    const fy = Math.max(0, Math.min(1, v - y0));
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!inside[i]) continue;
      const u = (x + 0.5) / s - 0.5;
      const x0 = Math.max(0, Math.min(cw - 1, Math.floor(u)));
      const x1 = Math.min(cw - 1, x0 + 1);
      const fx = Math.max(0, Math.min(1, u - x0));
      const top = dc[y0 * cw + x0]! + (dc[y0 * cw + x1]! - dc[y0 * cw + x0]!) * fx;
      const bottom = dc[y1 * cw + x0]! + (dc[y1 * cw + x1]! - dc[y1 * cw + x0]!) * fx;
      // Coarse distances are in cells from cell centres: back to pixels.
      out[i] = Math.max(0.5, (top + (bottom - top) * fy) * s);
    }
  }
  return out;
}
